#include "oauth/services/connected_apps.hpp"

namespace loginkit::services {

ConnectedApps connected_apps(OAuthContext& ctx, Id user_id) {
  ConnectedApps out;
  out.user = ctx.store.users().find_user(user_id);
  for (auto& consent : ctx.store.grants().list_consents(user_id)) {
    auto app = ctx.store.apps().find_app(consent.app_id);
    if (!app) continue;
    out.apps.push_back(ConnectedApp{app->name, app->client_key, std::move(consent.scopes)});
  }
  return out;
}

bool disconnect_app(OAuthContext& ctx, Id user_id, const std::string& client_key) {
  auto app = ctx.store.apps().find_app_by_key(client_key);
  if (!app) return false;
  ctx.store.grants().disconnect(user_id, app->id, ctx.clock.now());
  audit(ctx, "user:" + std::to_string(user_id), app->id, "grant.disconnected",
        "user " + std::to_string(user_id) + " via connected apps");
  return true;
}

}  // namespace loginkit::services
