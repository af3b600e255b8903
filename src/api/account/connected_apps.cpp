#include "oauth/services/connected_apps.hpp"

#include "api/account/account_pages.hpp"
#include "api/account/session.hpp"
#include "api/responses.hpp"
#include "web/templates.hpp"

namespace loginkit::account {

Response connected_apps(ApiContext& ctx, const Request& req) {
  auto session = current_session(ctx, req);
  if (!session) return redirect("/account/signin?next=%2Faccount%2Fapps");
  auto shown = services::connected_apps(ctx.oauth, session->user_id);
  web::List apps;
  for (const auto& app : shown.apps) {
    apps.push_back(web::Values{
        {"name", app.name}, {"client_key", app.client_key}, {"scopes", join_scopes(app.scopes)}});
  }
  web::Values v{{"username", shown.user ? shown.user->username : ""},
                {"csrf", session->csrf},
                {"apps", apps}};
  return html_response(200, web::render_page("connected_apps", "Connected apps", v));
}

Response disconnect(ApiContext& ctx, const Request& req) {
  auto session = current_session(ctx, req);
  if (!session) return redirect("/account/signin?next=%2Faccount%2Fapps", 303);
  auto form = parse_form(req.body);
  if (!form || !csrf_matches(session->csrf, form->get("csrf"))) {
    return error_page(403, "Request refused", "The form was stale or forged; nothing changed.",
                      req.log_id);
  }
  services::disconnect_app(ctx.oauth, session->user_id, form->get_or("client_key"));
  return redirect("/account/apps", 303);
}

}  // namespace loginkit::account
