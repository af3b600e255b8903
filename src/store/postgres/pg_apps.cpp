#include "store/postgres/pg_apps.hpp"

#include "store/postgres/pg_rows.hpp"

namespace loginkit {
namespace {

using pg::b;
using pg::Connection;
using pg::Rows;
using pg::str;
using pg::unmatchable;

constexpr const char* kAppColumns =
    "SELECT id, client_key, secret_hash, developer_id, name, scopes, login_kit, web_enabled, "
    "require_pkce_web, created_at, version FROM apps ";

App read_app(const Rows& r, int i) {
  App a;
  a.id = r.i64(i, 0);
  a.client_key = r.text(i, 1);
  a.secret_hash = r.text(i, 2);
  a.developer_id = r.i64(i, 3);
  a.name = r.text(i, 4);
  a.scopes = parse_scopes(r.text(i, 5));
  a.login_kit = r.flag(i, 6);
  a.web_enabled = r.flag(i, 7);
  a.require_pkce_web = r.flag(i, 8);
  a.created_at = r.i64(i, 9);
  a.version = r.i64(i, 10);
  return a;
}

void load_children(Connection& c, App& a) {
  auto uris = c.exec(
      "SELECT platform, uri FROM redirect_uris WHERE app_id = $1 ORDER BY platform, position",
      {str(a.id)});
  for (int i = 0; i < uris.size(); ++i) {
    a.redirect_uris.push_back(
        {parse_platform(uris.text(i, 0)).value_or(Platform::kWeb), uris.text(i, 1)});
  }
  auto domains =
      c.exec("SELECT domain FROM legacy_domains WHERE app_id = $1 ORDER BY position", {str(a.id)});
  for (int i = 0; i < domains.size(); ++i) a.legacy_domains.push_back(domains.text(i, 0));
}

void write_children(Connection& c, const App& a) {
  c.exec("DELETE FROM redirect_uris WHERE app_id = $1", {str(a.id)});
  int position = 0;
  for (const auto& r : a.redirect_uris) {
    c.exec("INSERT INTO redirect_uris(app_id, platform, uri, position) VALUES ($1, $2, $3, $4)",
           {str(a.id), std::string(platform_name(r.platform)), r.uri, str(position++)});
  }
  c.exec("DELETE FROM legacy_domains WHERE app_id = $1", {str(a.id)});
  position = 0;
  for (const auto& d : a.legacy_domains) {
    c.exec("INSERT INTO legacy_domains(app_id, domain, position) VALUES ($1, $2, $3)",
           {str(a.id), d, str(position++)});
  }
}

}  // namespace

Id PgApps::create_app(const App& app) {
  auto c = db_.pool.lease();
  pg::Txn txn(*c);
  App saved = app;
  saved.id = c->exec(
                  "INSERT INTO apps(client_key, secret_hash, developer_id, name, scopes, "
                  "login_kit, web_enabled, require_pkce_web, created_at) VALUES ($1, $2, $3, "
                  "$4, $5, $6, $7, $8, $9) RETURNING id",
                  {app.client_key, app.secret_hash, str(app.developer_id), app.name,
                   join_scopes(app.scopes), b(app.login_kit), b(app.web_enabled),
                   b(app.require_pkce_web), str(app.created_at)})
                 .i64(0, 0);
  write_children(*c, saved);
  txn.commit();
  return saved.id;
}

std::optional<App> PgApps::find_app(Id id) {
  auto c = db_.pool.lease();
  auto r = c->exec(std::string(kAppColumns) + "WHERE id = $1", {str(id)});
  if (r.empty()) return std::nullopt;
  App a = read_app(r, 0);
  load_children(*c, a);
  return a;
}

std::optional<App> PgApps::find_app_by_key(const std::string& client_key) {
  if (unmatchable(client_key)) return std::nullopt;
  auto c = db_.pool.lease();
  auto r = c->exec(std::string(kAppColumns) + "WHERE client_key = $1", {client_key});
  if (r.empty()) return std::nullopt;
  App a = read_app(r, 0);
  load_children(*c, a);
  return a;
}

std::vector<App> PgApps::list_apps() {
  auto c = db_.pool.lease();
  auto r = c->exec(std::string(kAppColumns) + "ORDER BY id");
  std::vector<App> apps;
  apps.reserve(static_cast<std::size_t>(r.size()));
  for (int i = 0; i < r.size(); ++i) apps.push_back(read_app(r, i));
  for (auto& a : apps) load_children(*c, a);
  return apps;
}

std::optional<App> PgApps::find_app_core(Id id) {
  auto c = db_.pool.lease();
  auto r = c->exec(std::string(kAppColumns) + "WHERE id = $1", {str(id)});
  if (r.empty()) return std::nullopt;
  return read_app(r, 0);
}

std::optional<App> PgApps::find_app_core_by_key(const std::string& client_key) {
  if (unmatchable(client_key)) return std::nullopt;
  auto c = db_.pool.lease();
  auto r = c->exec(std::string(kAppColumns) + "WHERE client_key = $1", {client_key});
  if (r.empty()) return std::nullopt;
  return read_app(r, 0);
}

bool PgApps::update_app(const App& app) {
  auto c = db_.pool.lease();
  pg::Txn txn(*c);
  // Under READ COMMITTED a concurrent update of the row makes this one wait, then re-check the
  // version on the committed row: exactly one of two racing writers applies.
  auto applied = c->exec(
      "UPDATE apps SET secret_hash = $1, name = $2, scopes = $3, login_kit = $4, "
      "web_enabled = $5, require_pkce_web = $6, version = version + 1 "
      "WHERE id = $7 AND version = $8 RETURNING id",
      {app.secret_hash, app.name, join_scopes(app.scopes), b(app.login_kit), b(app.web_enabled),
       b(app.require_pkce_web), str(app.id), str(app.version)});
  if (applied.empty()) return false;  // the transaction rolls back, nothing written
  write_children(*c, app);
  txn.commit();
  return true;
}

}  // namespace loginkit
