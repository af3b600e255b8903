// Developer sign-up, sign-in and sign-out.
#include "api/portal/portal_auth.hpp"

#include "api/account/session.hpp"
#include "api/account/signin_throttle.hpp"
#include "api/portal/portal_common.hpp"
#include "api/responses.hpp"
#include "core/crypto.hpp"
#include "core/password.hpp"
#include "core/utf8.hpp"

namespace loginkit::portal {
namespace {

// Pre-session forms are bound to the lk_pre cookie (login CSRF, RFC 6749 §10.12).
Response form_page(ApiContext& ctx, const Request& req, const std::string& name,
                   const std::string& title, web::Values values, int status) {
  std::string pre = account::pre_cookie_of(ctx, req);
  bool fresh = pre.size() < 20;
  if (fresh) pre = crypto::random_token("");
  values.insert_or_assign("form_csrf", account::pre_session_csrf(ctx, pre));
  auto r = page(name, title, values, nullptr, status);
  if (fresh) r.set("Set-Cookie", account::cookie(ctx, req, account::kPreCookie, pre, 3600));
  return r;
}

bool pre_csrf_ok(ApiContext& ctx, const Request& req, const Params& form) {
  std::string pre = account::pre_cookie_of(ctx, req);
  return !pre.empty() &&
         account::csrf_matches(account::pre_session_csrf(ctx, pre), form.get("csrf"));
}

std::string next_of(const Params& p) {
  std::string next = p.get_or("next");
  return is_local_path(next) && next.starts_with("/portal") ? next : "/portal/apps";
}

Response signed_in_redirect(ApiContext& ctx, const Request& req, Id developer,
                            const std::string& next) {
  auto r = redirect(next, 303);
  r.set("Set-Cookie", account::start_session(ctx, req, developer, SessionKind::kDeveloper));
  return r;
}

}  // namespace

Response signup(ApiContext& ctx, const Request& req) {
  if (req.method == "GET") return form_page(ctx, req, "portal_signup", "Sign up", {}, 200);
  auto form = parse_form(req.body);
  if (!form) return error_page(400, "Bad request", "The form could not be read.", req.log_id);
  std::string email = form->get_or("email"), name = form->get_or("name");
  web::Values keep{{"email", email}, {"name", name}};
  if (!pre_csrf_ok(ctx, req, *form)) {
    keep.emplace("error", "Your session expired. Please try again.");
    return form_page(ctx, req, "portal_signup", "Sign up", keep, 403);
  }
  std::string pw = form->get_or("password");
  std::string problem;
  if (email.find('@') == std::string::npos || email.size() > 254 || !is_printable_utf8(email)) {
    problem = "Enter a valid email address.";
  } else if (name.empty() || name.size() > 100 || !is_printable_utf8(name)) {
    problem = "Enter your name (up to 100 characters).";
  } else if (pw.size() < 8 || pw.size() > 1024) {
    problem = "Choose a password of 8 characters or more.";
  } else if (ctx.oauth.store.developers().find_developer_by_email(email)) {
    problem = "An account with this email already exists. Sign in instead.";
  }
  if (!problem.empty()) {
    keep.emplace("error", problem);
    return form_page(ctx, req, "portal_signup", "Sign up", keep, 400);
  }
  try {
    Id id = ctx.oauth.store.developers().create_developer(
        Developer{0, email, name, password::hash(pw), ctx.oauth.clock.now()});
    return signed_in_redirect(ctx, req, id, "/portal/apps");
  } catch (const DuplicateKey&) {
    keep.emplace("error", "An account with this email already exists. Sign in instead.");
    return form_page(ctx, req, "portal_signup", "Sign up", keep, 400);
  }
}

Response signin(ApiContext& ctx, const Request& req) {
  if (req.method == "GET") {
    auto q = parse_form(req.query);
    return form_page(ctx, req, "portal_signin", "Sign in",
                     {{"next", q ? next_of(*q) : "/portal/apps"}}, 200);
  }
  auto form = parse_form(req.body);
  if (!form) return error_page(400, "Bad request", "The form could not be read.", req.log_id);
  std::string email = form->get_or("email");
  web::Values keep{{"email", email}, {"next", next_of(*form)}};
  if (!pre_csrf_ok(ctx, req, *form)) {
    keep.emplace("error", "Your session expired. Please try again.");
    return form_page(ctx, req, "portal_signin", "Sign in", keep, 403);
  }
  auto admission = account::admit_signin(ctx, req, "developer:" + email);
  if (auto* refused = std::get_if<Response>(&admission)) return std::move(*refused);
  auto& attempt = std::get<account::SigninAttempt>(admission);
  auto dev = ctx.oauth.store.developers().find_developer_by_email(email);
  auto checked = account::check_password(req, dev ? dev->password_hash : password::dummy_hash(),
                                         form->get_or("password"));
  if (auto* busy = std::get_if<Response>(&checked)) return std::move(*busy);
  bool ok = std::get<bool>(checked);
  if (!dev || !ok) {
    attempt.failed();
    keep.emplace("error", "Wrong email or password.");
    return form_page(ctx, req, "portal_signin", "Sign in", keep, 401);
  }
  return signed_in_redirect(ctx, req, dev->id, next_of(*form));
}

Response signout(ApiContext& ctx, const Request& req) {
  auto who = signed_in(ctx, req);
  auto form = parse_form(req.body);
  if (who && form && account::csrf_matches(who->session.csrf, form->get("csrf"))) {
    ctx.oauth.store.sessions().delete_session(who->session.hash);
  }
  auto r = redirect("/portal/signin", 303);
  r.set("Set-Cookie", account::clear_session_cookie(ctx, req, SessionKind::kDeveloper));
  return r;
}

}  // namespace loginkit::portal
