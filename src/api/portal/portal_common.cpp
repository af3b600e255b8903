#include "api/portal/portal_common.hpp"

#include "api/account/session.hpp"
#include "api/responses.hpp"

namespace loginkit::portal {

std::optional<SignedIn> signed_in(ApiContext& ctx, const Request& req) {
  auto session = account::current_session(ctx, req, SessionKind::kDeveloper);
  if (!session) return std::nullopt;
  auto dev = ctx.oauth.store.developers().find_developer(session->user_id);
  if (!dev) return std::nullopt;
  return SignedIn{std::move(*session), std::move(*dev)};
}

Response page(const std::string& name, const std::string& title, const web::Values& values,
              const SignedIn* who, int status) {
  web::Values layout{{"portal", true}, {"wide", true}};
  if (who) {
    layout.emplace("signed_in", true);
    layout.emplace("csrf", who->session.csrf);
  }
  return html_response(status, web::render_page(name, title, values, layout));
}

Response to_signin(const Request& req) {
  std::string here = req.method == "GET" ? req.path : "/portal/apps";
  return redirect("/portal/signin?next=" + percent_encode(here), 303);
}

Response forged(const Request& req) {
  return error_page(403, "Request refused", "The form was stale or forged; nothing changed.",
                    req.log_id);
}

}  // namespace loginkit::portal
