#include "api/account/account_pages.hpp"
#include "api/account/session.hpp"
#include "api/account/signin_throttle.hpp"
#include "api/responses.hpp"
#include "core/crypto.hpp"
#include "core/password.hpp"
#include "web/templates.hpp"

namespace loginkit::account {
namespace {

Response signin_form(ApiContext& ctx, const Request& req, int status, const std::string& next,
                     const std::string& username, const std::string& error) {
  std::string pre = pre_cookie_of(ctx, req);
  bool fresh = pre.size() < 20;
  if (fresh) pre = crypto::random_token("");
  web::Values v{{"csrf", pre_session_csrf(ctx, pre)}, {"next", next}, {"username", username}};
  if (!error.empty()) v.emplace("error", error);
  auto r = html_response(status, web::render_page("signin", "Sign in", v));
  if (fresh) r.set("Set-Cookie", cookie(ctx, req, kPreCookie, pre, 3600));
  return r;
}

}  // namespace

Response signin_get(ApiContext& ctx, const Request& req) {
  auto q = parse_form(req.query);
  std::string next = q ? q->get_or("next") : "";
  if (!is_local_path(next)) next = "/account/apps";
  return signin_form(ctx, req, 200, next, "", "");
}

Response signin_post(ApiContext& ctx, const Request& req) {
  auto form = parse_form(req.body);
  if (!form) return error_page(400, "Bad request", "The form could not be read.", req.log_id);
  std::string next = form->get_or("next");
  if (!is_local_path(next)) next = "/account/apps";
  std::string pre = pre_cookie_of(ctx, req);
  if (pre.empty() || !csrf_matches(pre_session_csrf(ctx, pre), form->get("csrf"))) {
    return signin_form(ctx, req, 403, next, "", "Your session expired. Please try again.");
  }
  std::string username = form->get_or("username");
  auto admission = admit_signin(ctx, req, "user:" + username);
  if (auto* refused = std::get_if<Response>(&admission)) return std::move(*refused);
  auto& attempt = std::get<SigninAttempt>(admission);
  auto user = ctx.oauth.store.users().find_user_by_name(username);
  // Verify against a dummy hash for unknown users so timing does not reveal which exist.
  auto checked = check_password(req, user ? user->password_hash : password::dummy_hash(),
                                form->get_or("password"));
  if (auto* busy = std::get_if<Response>(&checked)) return std::move(*busy);
  bool ok = std::get<bool>(checked);
  if (!user || !ok) {
    attempt.failed();
    return signin_form(ctx, req, 401, next, username, "Wrong username or password.");
  }
  auto r = redirect(next, 303);
  r.set("Set-Cookie", start_session(ctx, req, user->id));
  return r;
}

Response signout(ApiContext& ctx, const Request& req) {
  auto session = current_session(ctx, req);
  auto form = parse_form(req.body);
  if (session && form && csrf_matches(session->csrf, form->get("csrf"))) {
    ctx.oauth.store.sessions().delete_session(session->hash);
  }
  auto r = redirect("/account/signin", 303);
  r.set("Set-Cookie", clear_session_cookie(ctx, req));
  return r;
}

}  // namespace loginkit::account
