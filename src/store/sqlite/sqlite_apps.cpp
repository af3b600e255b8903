#include "store/sqlite/sqlite_apps.hpp"

namespace loginkit {
namespace {

using sqlite::Connection;
using sqlite::Stmt;

constexpr const char* kAppColumns =
    "SELECT id, client_key, secret_hash, developer_id, name, scopes, login_kit, web_enabled, "
    "require_pkce_web, created_at, version FROM apps ";

App read_app(const Stmt& s) {
  App a;
  a.id = s.i64(0);
  a.client_key = s.text(1);
  a.secret_hash = s.text(2);
  a.developer_id = s.i64(3);
  a.name = s.text(4);
  a.scopes = parse_scopes(s.text(5));
  a.login_kit = s.i64(6) != 0;
  a.web_enabled = s.i64(7) != 0;
  a.require_pkce_web = s.i64(8) != 0;
  a.created_at = s.i64(9);
  a.version = s.i64(10);
  return a;
}

void load_redirect_uris(Connection& c, App& a) {
  auto s = c.prepare(
      "SELECT platform, uri FROM redirect_uris WHERE app_id = ? ORDER BY platform, position");
  s.bind(1, a.id);
  while (s.step()) {
    a.redirect_uris.push_back({parse_platform(s.text(0)).value_or(Platform::kWeb), s.text(1)});
  }
  auto d = c.prepare("SELECT domain FROM legacy_domains WHERE app_id = ? ORDER BY position");
  d.bind(1, a.id);
  while (d.step()) a.legacy_domains.push_back(d.text(0));
}

void write_redirect_uris(Connection& c, const App& a) {
  c.prepare("DELETE FROM redirect_uris WHERE app_id = ?").bind(1, a.id).run();
  int position = 0;
  for (const auto& r : a.redirect_uris) {
    c.prepare("INSERT INTO redirect_uris(app_id, platform, uri, position) VALUES (?, ?, ?, ?)")
        .bind_all(a.id, platform_name(r.platform), r.uri, position++)
        .run();
  }
  c.prepare("DELETE FROM legacy_domains WHERE app_id = ?").bind(1, a.id).run();
  position = 0;
  for (const auto& d : a.legacy_domains) {
    c.prepare("INSERT INTO legacy_domains(app_id, domain, position) VALUES (?, ?, ?)")
        .bind_all(a.id, d, position++)
        .run();
  }
}

}  // namespace

Id SqliteApps::create_app(const App& app) {
  return db_.writer.run([&](sqlite::Connection& conn) {
    auto* c = &conn;
    c->prepare(
         "INSERT INTO apps(client_key, secret_hash, developer_id, name, scopes, login_kit, "
         "web_enabled, require_pkce_web, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind_all(app.client_key, app.secret_hash, app.developer_id, app.name,
                  join_scopes(app.scopes), app.login_kit, app.web_enabled, app.require_pkce_web,
                  app.created_at)
        .run();
    App saved = app;
    saved.id = c->last_insert_id();
    write_redirect_uris(*c, saved);
    return saved.id;
  });
}

std::optional<App> SqliteApps::find_app(Id id) {
  auto c = db_.pool.lease();
  std::optional<App> app;
  {
    auto s = c->prepare(std::string(kAppColumns) + "WHERE id = ?");
    s.bind(1, id);
    if (s.step()) app = read_app(s);
  }
  if (app) load_redirect_uris(*c, *app);
  return app;
}

std::optional<App> SqliteApps::find_app_by_key(const std::string& client_key) {
  auto c = db_.pool.lease();
  std::optional<App> app;
  {
    auto s = c->prepare(std::string(kAppColumns) + "WHERE client_key = ?");
    s.bind(1, client_key);
    if (s.step()) app = read_app(s);
  }
  if (app) load_redirect_uris(*c, *app);
  return app;
}

std::vector<App> SqliteApps::list_apps() {
  auto c = db_.pool.lease();
  std::vector<App> apps;
  {
    auto s = c->prepare(std::string(kAppColumns) + "ORDER BY id");
    while (s.step()) apps.push_back(read_app(s));
  }
  for (auto& a : apps) load_redirect_uris(*c, a);
  return apps;
}

std::optional<App> SqliteApps::find_app_core(Id id) {
  auto c = db_.pool.lease();
  auto s = c->prepare(std::string(kAppColumns) + "WHERE id = ?");
  s.bind(1, id);
  if (!s.step()) return std::nullopt;
  return read_app(s);
}

std::optional<App> SqliteApps::find_app_core_by_key(const std::string& client_key) {
  auto c = db_.pool.lease();
  auto s = c->prepare(std::string(kAppColumns) + "WHERE client_key = ?");
  s.bind(1, client_key);
  if (!s.step()) return std::nullopt;
  return read_app(s);
}

bool SqliteApps::update_app(const App& app) {
  return db_.writer.run([&](sqlite::Connection& c) {
    c.prepare(
         "UPDATE apps SET secret_hash = ?, name = ?, scopes = ?, login_kit = ?, web_enabled = ?, "
         "require_pkce_web = ?, version = version + 1 WHERE id = ? AND version = ?")
        .bind_all(app.secret_hash, app.name, join_scopes(app.scopes), app.login_kit,
                  app.web_enabled, app.require_pkce_web, app.id, app.version)
        .run();
    if (c.changes() == 0) return false;
    write_redirect_uris(c, app);
    return true;
  });
}

}  // namespace loginkit
