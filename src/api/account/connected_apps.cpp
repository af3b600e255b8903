#include "api/account/account_pages.hpp"
#include "api/account/session.hpp"
#include "api/responses.hpp"
#include "web/templates.hpp"

namespace loginkit::account {

Response connected_apps(ApiContext& ctx, const Request& req) {
  auto session = current_session(ctx, req);
  if (!session) return redirect("/account/signin?next=%2Faccount%2Fapps");
  auto& store = ctx.oauth.store;
  auto user = store.users().find_user(session->user_id);
  web::List apps;
  for (const auto& consent : store.grants().list_consents(session->user_id)) {
    auto app = store.apps().find_app(consent.app_id);
    if (!app) continue;
    apps.push_back(web::Values{{"name", app->name},
                               {"client_key", app->client_key},
                               {"scopes", join_scopes(consent.scopes)}});
  }
  web::Values v{{"username", user ? user->username : ""}, {"csrf", session->csrf}, {"apps", apps}};
  return html_response(200, web::render_page("connected_apps", "Connected apps", v));
}

// Disconnecting revokes exactly what the revoke endpoint does (SPEC §2.3).
Response disconnect(ApiContext& ctx, const Request& req) {
  auto session = current_session(ctx, req);
  if (!session) return redirect("/account/signin?next=%2Faccount%2Fapps", 303);
  auto form = parse_form(req.body);
  if (!form || !csrf_matches(session->csrf, form->get("csrf"))) {
    return error_page(403, "Request refused", "The form was stale or forged; nothing changed.",
                      req.log_id);
  }
  if (auto app = ctx.oauth.store.apps().find_app_by_key(form->get_or("client_key"))) {
    ctx.oauth.store.grants().disconnect(session->user_id, app->id, ctx.oauth.clock.now());
    audit(ctx.oauth, "user:" + std::to_string(session->user_id), app->id, "grant.disconnected",
          "user " + std::to_string(session->user_id) + " via connected apps");
  }
  return redirect("/account/apps", 303);
}

}  // namespace loginkit::account
