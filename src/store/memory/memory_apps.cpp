#include "store/memory/memory_apps.hpp"

#include <algorithm>
#include <cstring>

namespace loginkit {
namespace {

// The SQL engines key redirect URIs by (app, platform, uri) and legacy domains by (app, domain):
// a repeated one fails the whole write with DuplicateKey.
void check_children(const App& app) {
  for (std::size_t i = 0; i < app.redirect_uris.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (app.redirect_uris[i].platform == app.redirect_uris[j].platform &&
          app.redirect_uris[i].uri == app.redirect_uris[j].uri) {
        throw DuplicateKey(
            "UNIQUE constraint failed: redirect_uris.app_id, redirect_uris.platform, "
            "redirect_uris.uri");
      }
    }
  }
  for (std::size_t i = 0; i < app.legacy_domains.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (app.legacy_domains[i] == app.legacy_domains[j]) {
        throw DuplicateKey(
            "UNIQUE constraint failed: legacy_domains.app_id, legacy_domains.domain");
      }
    }
  }
}

// As the SQL engines read them back: ordered by platform name, each platform in stored order.
App with_children(const App& stored) {
  App a = stored;
  std::stable_sort(a.redirect_uris.begin(), a.redirect_uris.end(),
                   [](const RedirectUri& x, const RedirectUri& y) {
                     return std::strcmp(platform_name(x.platform), platform_name(y.platform)) < 0;
                   });
  return a;
}

App core(const App& stored) {
  App a = stored;
  a.redirect_uris.clear();
  a.legacy_domains.clear();
  return a;
}

}  // namespace

const App* MemoryApps::by_key(const std::string& client_key) const {
  return memory::row_where(db_.apps, &App::client_key, client_key);
}

Id MemoryApps::create_app(const App& app) {
  std::lock_guard lock(db_.mu);
  if (by_key(app.client_key) != nullptr) {
    throw DuplicateKey("UNIQUE constraint failed: apps.client_key");
  }
  check_children(app);
  App saved = app;
  saved.id = ++db_.last_app;
  saved.version = 0;
  db_.apps.emplace(saved.id, saved);
  return saved.id;
}

std::optional<App> MemoryApps::find_app(Id id) {
  std::lock_guard lock(db_.mu);
  auto it = db_.apps.find(id);
  if (it == db_.apps.end()) return std::nullopt;
  return with_children(it->second);
}

std::optional<App> MemoryApps::find_app_by_key(const std::string& client_key) {
  std::lock_guard lock(db_.mu);
  const App* app = by_key(client_key);
  if (app == nullptr) return std::nullopt;
  return with_children(*app);
}

std::vector<App> MemoryApps::list_apps() {
  std::lock_guard lock(db_.mu);
  std::vector<App> out;
  for (const auto& [id, app] : db_.apps) out.push_back(with_children(app));
  return out;
}

std::optional<App> MemoryApps::find_app_core(Id id) {
  std::lock_guard lock(db_.mu);
  auto it = db_.apps.find(id);
  if (it == db_.apps.end()) return std::nullopt;
  return core(it->second);
}

std::optional<App> MemoryApps::find_app_core_by_key(const std::string& client_key) {
  std::lock_guard lock(db_.mu);
  const App* app = by_key(client_key);
  if (app == nullptr) return std::nullopt;
  return core(*app);
}

// The mutable settings and children only: the key, the owner and the creation time stay.
bool MemoryApps::update_app(const App& app) {
  std::lock_guard lock(db_.mu);
  auto it = db_.apps.find(app.id);
  if (it == db_.apps.end() || it->second.version != app.version) return false;
  check_children(app);
  App& stored = it->second;
  stored.secret_hash = app.secret_hash;
  stored.name = app.name;
  stored.scopes = app.scopes;
  stored.login_kit = app.login_kit;
  stored.web_enabled = app.web_enabled;
  stored.require_pkce_web = app.require_pkce_web;
  stored.redirect_uris = app.redirect_uris;
  stored.legacy_domains = app.legacy_domains;
  stored.version += 1;
  return true;
}

}  // namespace loginkit
