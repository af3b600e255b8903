#include "oauth/services/app_directory.hpp"

namespace loginkit::services {

std::optional<App> find_app(OAuthContext& ctx, const std::string& client_key) {
  return ctx.store.apps().find_app_by_key(client_key);
}

std::vector<App> all_apps(OAuthContext& ctx) {
  return ctx.store.apps().list_apps();
}

std::optional<App> find_developer_app(OAuthContext& ctx, Id developer_id,
                                      const std::string& client_key) {
  auto app = ctx.store.apps().find_app_by_key(client_key);
  if (!app || app->developer_id != developer_id) return std::nullopt;
  return app;
}

std::vector<App> developer_apps(OAuthContext& ctx, Id developer_id) {
  std::vector<App> out;
  for (auto& app : ctx.store.apps().list_apps()) {
    if (app.developer_id == developer_id) out.push_back(std::move(app));
  }
  return out;
}

}  // namespace loginkit::services
