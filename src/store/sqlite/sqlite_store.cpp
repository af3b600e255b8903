#include "store/sqlite/sqlite_store.hpp"

#include <sys/stat.h>

#include <filesystem>

#include "core/crypto.hpp"
#include "store/sqlite/migrations.hpp"

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

// The user columns of kUserColumns, starting at column `at` (other queries join them in).
User read_user(const Stmt& s, int at = 0) {
  User u;
  u.id = s.i64(at);
  u.username = s.text(at + 1);
  u.password_hash = s.text(at + 2);
  u.display_name = s.text(at + 3);
  u.avatar_url = s.text(at + 4);
  u.bio_description = s.text(at + 5);
  u.is_verified = s.i64(at + 6) != 0;
  u.follower_count = s.i64(at + 7);
  u.following_count = s.i64(at + 8);
  u.likes_count = s.i64(at + 9);
  u.video_count = s.i64(at + 10);
  u.created_at = s.i64(at + 11);
  return u;
}

constexpr const char* kUserColumns =
    "SELECT id, username, password_hash, display_name, avatar_url, bio_description, "
    "is_verified, follower_count, following_count, likes_count, video_count, created_at "
    "FROM users ";

Developer read_developer(const Stmt& s) {
  return Developer{s.i64(0), s.text(1), s.text(2), s.text(3), s.i64(4)};
}

void insert_token_row(Connection& c, const Token& t, UnixSeconds now) {
  auto s = c.prepare(
      "INSERT INTO tokens(hash, kind, app_id, grant_id, scopes, api_version, expires_at, "
      "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  s.bind_all(t.hash, static_cast<int>(t.kind), t.app_id);
  if (t.grant_id) {
    s.bind(4, *t.grant_id);
  } else {
    s.bind_null(4);
  }
  s.bind(5, join_scopes(t.scopes)).bind(6, t.api_version).bind(7, t.expires_at).bind(8, now);
  s.run();
}

void insert_issued(Connection& c, const IssuedTokens& issued, UnixSeconds now) {
  for (const auto& t : issued.tokens) insert_token_row(c, t, now);
}

void revoke_grant_rows(Connection& c, Id grant_id, UnixSeconds now) {
  c.prepare("UPDATE grants SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
      .bind_all(now, grant_id)
      .run();
  c.prepare("UPDATE tokens SET revoked_at = ? WHERE grant_id = ? AND revoked_at IS NULL")
      .bind_all(now, grant_id)
      .run();
}

}  // namespace

SqliteStore::SqliteStore(const std::string& path) : path_(path), pool_(path), writer_(path) {
  struct stat st {};
  if (::stat(path_.c_str(), &st) == 0) {
    opened_inode_ = st.st_ino;
    opened_device_ = st.st_dev;
  }
}

void SqliteStore::migrate() {
  auto c = pool_.lease();
  sqlite::WriteTxn txn(*c);
  int version = 0;
  {
    auto s = c->prepare("PRAGMA user_version");
    if (s.step()) version = static_cast<int>(s.i64(0));
  }
  const auto& all = sqlite::migrations();
  for (auto i = static_cast<std::size_t>(version); i < all.size(); ++i) c->exec(all[i]);
  c->exec("PRAGMA user_version = " + std::to_string(all.size()));
  txn.commit();
}

int SqliteStore::schema_version() {
  auto c = pool_.lease();
  auto s = c->prepare("PRAGMA user_version");
  return s.step() ? static_cast<int>(s.i64(0)) : 0;
}

int SqliteStore::latest_schema_version() const {
  return static_cast<int>(sqlite::migrations().size());
}

// The database is reachable when the file we opened at start is still the one at its path (a
// connection would keep reading a deleted or replaced file) and answers a read. The probe opens
// read-only, never creates, and changes no journal mode, so it cannot disturb a stand-in file or
// fold the live WAL into it.
bool SqliteStore::reachable() {
  struct stat now {};
  if (::stat(path_.c_str(), &now) != 0 || now.st_ino != opened_inode_ ||
      now.st_dev != opened_device_) {
    return false;
  }
  sqlite3* db = nullptr;
  bool ok = sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK &&
            sqlite3_exec(db, "SELECT count(*) FROM meta", nullptr, nullptr, nullptr) == SQLITE_OK;
  sqlite3_close(db);
  return ok;
}

Id SqliteStore::create_developer(const Developer& d) {
  return writer_.run([&](sqlite::Connection& conn) {
    auto* c = &conn;
    c->prepare("INSERT INTO developers(email, name, password_hash, created_at) VALUES (?, ?, ?, ?)")
        .bind_all(d.email, d.name, d.password_hash, d.created_at)
        .run();
    return c->last_insert_id();
  });
}

std::optional<Developer> SqliteStore::find_developer(Id id) {
  auto c = pool_.lease();
  auto s =
      c->prepare("SELECT id, email, name, password_hash, created_at FROM developers WHERE id = ?");
  s.bind(1, id);
  if (!s.step()) return std::nullopt;
  return read_developer(s);
}

std::optional<Developer> SqliteStore::find_developer_by_email(const std::string& email) {
  auto c = pool_.lease();
  auto s = c->prepare(
      "SELECT id, email, name, password_hash, created_at FROM developers WHERE email = ?");
  s.bind(1, email);
  if (!s.step()) return std::nullopt;
  return read_developer(s);
}

Id SqliteStore::create_user(const User& u) {
  return writer_.run([&](sqlite::Connection& conn) {
    auto* c = &conn;
    c->prepare(
         "INSERT INTO users(username, password_hash, display_name, avatar_url, bio_description, "
         "is_verified, follower_count, following_count, likes_count, video_count, created_at) "
         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind_all(u.username, u.password_hash, u.display_name, u.avatar_url, u.bio_description,
                  u.is_verified, u.follower_count, u.following_count, u.likes_count, u.video_count,
                  u.created_at)
        .run();
    return c->last_insert_id();
  });
}

std::optional<User> SqliteStore::find_user(Id id) {
  auto c = pool_.lease();
  auto s = c->prepare(std::string(kUserColumns) + "WHERE id = ?");
  s.bind(1, id);
  if (!s.step()) return std::nullopt;
  return read_user(s);
}

std::optional<User> SqliteStore::find_user_by_name(const std::string& username) {
  auto c = pool_.lease();
  auto s = c->prepare(std::string(kUserColumns) + "WHERE username = ?");
  s.bind(1, username);
  if (!s.step()) return std::nullopt;
  return read_user(s);
}

Id SqliteStore::create_app(const App& app) {
  return writer_.run([&](sqlite::Connection& conn) {
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

std::optional<App> SqliteStore::find_app(Id id) {
  auto c = pool_.lease();
  std::optional<App> app;
  {
    auto s = c->prepare(std::string(kAppColumns) + "WHERE id = ?");
    s.bind(1, id);
    if (s.step()) app = read_app(s);
  }
  if (app) load_redirect_uris(*c, *app);
  return app;
}

std::optional<App> SqliteStore::find_app_by_key(const std::string& client_key) {
  auto c = pool_.lease();
  std::optional<App> app;
  {
    auto s = c->prepare(std::string(kAppColumns) + "WHERE client_key = ?");
    s.bind(1, client_key);
    if (s.step()) app = read_app(s);
  }
  if (app) load_redirect_uris(*c, *app);
  return app;
}

std::optional<App> SqliteStore::find_app_core(Id id) {
  auto c = pool_.lease();
  auto s = c->prepare(std::string(kAppColumns) + "WHERE id = ?");
  s.bind(1, id);
  if (!s.step()) return std::nullopt;
  return read_app(s);
}

std::optional<App> SqliteStore::find_app_core_by_key(const std::string& client_key) {
  auto c = pool_.lease();
  auto s = c->prepare(std::string(kAppColumns) + "WHERE client_key = ?");
  s.bind(1, client_key);
  if (!s.step()) return std::nullopt;
  return read_app(s);
}

std::vector<App> SqliteStore::list_apps() {
  auto c = pool_.lease();
  std::vector<App> apps;
  {
    auto s = c->prepare(std::string(kAppColumns) + "ORDER BY id");
    while (s.step()) apps.push_back(read_app(s));
  }
  for (auto& a : apps) load_redirect_uris(*c, a);
  return apps;
}

bool SqliteStore::update_app(const App& app) {
  return writer_.run([&](sqlite::Connection& c) {
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

Id SqliteStore::create_grant_with_code(const Grant& g, const AuthCode& code) {
  return writer_.run([&](sqlite::Connection& conn) {
    auto* c = &conn;
    c->prepare(
         "INSERT INTO grants(app_id, user_id, scopes, api_version, platform, created_at) "
         "VALUES (?, ?, ?, ?, ?, ?)")
        .bind_all(g.app_id, g.user_id, join_scopes(g.scopes), g.api_version,
                  platform_name(g.platform), g.created_at)
        .run();
    Id id = c->last_insert_id();
    c->prepare(
         "INSERT INTO codes(hash, grant_id, redirect_uri, code_challenge, expires_at) "
         "VALUES (?, ?, ?, ?, ?)")
        .bind_all(code.hash, id, code.redirect_uri, code.code_challenge, code.expires_at)
        .run();
    return id;
  });
}

std::optional<Grant> SqliteStore::find_grant(Id id) {
  auto c = pool_.lease();
  auto s = c->prepare(
      "SELECT id, app_id, user_id, scopes, api_version, platform, created_at, refresh_deadline, "
      "revoked_at IS NOT NULL FROM grants WHERE id = ?");
  s.bind(1, id);
  if (!s.step()) return std::nullopt;
  Grant g;
  g.id = s.i64(0);
  g.app_id = s.i64(1);
  g.user_id = s.i64(2);
  g.scopes = parse_scopes(s.text(3));
  g.api_version = static_cast<int>(s.i64(4));
  g.platform = parse_platform(s.text(5)).value_or(Platform::kWeb);
  g.created_at = s.i64(6);
  g.refresh_deadline = s.i64(7);
  g.revoked = s.i64(8) != 0;
  return g;
}

void SqliteStore::revoke_grant(Id grant_id, UnixSeconds now) {
  return writer_.run([&](sqlite::Connection& conn) {
    auto* c = &conn;
    revoke_grant_rows(*c, grant_id, now);
  });
}

void SqliteStore::disconnect(Id user_id, Id app_id, UnixSeconds now) {
  return writer_.run([&](sqlite::Connection& conn) {
    auto* c = &conn;
    std::vector<Id> ids;
    {
      auto s = c->prepare(
          "SELECT id FROM grants WHERE user_id = ? AND app_id = ? AND revoked_at IS NULL");
      s.bind_all(user_id, app_id);
      while (s.step()) ids.push_back(s.i64(0));
    }
    for (Id id : ids) revoke_grant_rows(*c, id, now);
    c->prepare("DELETE FROM consents WHERE user_id = ? AND app_id = ?")
        .bind_all(user_id, app_id)
        .run();
  });
}

std::optional<Consent> SqliteStore::find_consent(Id user_id, Id app_id) {
  auto c = pool_.lease();
  auto s = c->prepare("SELECT scopes, updated_at FROM consents WHERE user_id = ? AND app_id = ?");
  s.bind_all(user_id, app_id);
  if (!s.step()) return std::nullopt;
  return Consent{user_id, app_id, parse_scopes(s.text(0)), s.i64(1)};
}

void SqliteStore::save_consent(const Consent& consent) {
  return writer_.run([&](sqlite::Connection& conn) {
    auto* c = &conn;
    c->prepare(
         "INSERT INTO consents(user_id, app_id, scopes, updated_at) VALUES (?, ?, ?, ?) "
         "ON CONFLICT(user_id, app_id) DO UPDATE SET scopes = excluded.scopes, "
         "updated_at = excluded.updated_at")
        .bind_all(consent.user_id, consent.app_id, join_scopes(consent.scopes), consent.updated_at)
        .run();
  });
}

std::vector<Consent> SqliteStore::list_consents(Id user_id) {
  auto c = pool_.lease();
  auto s = c->prepare(
      "SELECT app_id, scopes, updated_at FROM consents WHERE user_id = ? ORDER BY updated_at DESC");
  s.bind(1, user_id);
  std::vector<Consent> out;
  while (s.step()) out.push_back({user_id, s.i64(0), parse_scopes(s.text(1)), s.i64(2)});
  return out;
}

std::optional<AuthCode> SqliteStore::find_code(const std::string& hash) {
  auto c = pool_.lease();
  auto s = c->prepare(
      "SELECT grant_id, redirect_uri, code_challenge, expires_at, consumed_at IS NOT NULL "
      "FROM codes WHERE hash = ?");
  s.bind(1, hash);
  if (!s.step()) return std::nullopt;
  return AuthCode{hash, s.i64(0), s.text(1), s.text(2), s.i64(3), s.i64(4) != 0};
}

RedeemOutcome SqliteStore::redeem_code(const std::string& hash, UnixSeconds now,
                                       const IssuedTokens& issued) {
  return writer_.run([&](sqlite::Connection& conn) {
    auto* c = &conn;
    c->prepare("UPDATE codes SET consumed_at = ? WHERE hash = ? AND consumed_at IS NULL")
        .bind_all(now, hash)
        .run();
    if (c->changes() == 0) return RedeemOutcome::kAlreadyConsumed;
    insert_issued(*c, issued, now);
    if (!issued.tokens.empty() && issued.tokens.front().grant_id) {
      c->prepare("UPDATE grants SET refresh_deadline = ? WHERE id = ?")
          .bind_all(issued.refresh_deadline, *issued.tokens.front().grant_id)
          .run();
    }
    return RedeemOutcome::kRedeemed;
  });
}

void SqliteStore::insert_token(const Token& t) {
  return writer_.run([&](sqlite::Connection& conn) {
    auto* c = &conn;
    insert_token_row(*c, t, 0);
  });
}

std::optional<Token> SqliteStore::find_token(const std::string& hash) {
  auto c = pool_.lease();
  auto s = c->prepare(
      "SELECT t.kind, t.app_id, t.grant_id, t.scopes, t.api_version, t.expires_at, "
      "t.rotated_at IS NOT NULL, "
      "t.revoked_at IS NOT NULL OR (g.id IS NOT NULL AND g.revoked_at IS NOT NULL) "
      "FROM tokens t LEFT JOIN grants g ON g.id = t.grant_id WHERE t.hash = ?");
  s.bind(1, hash);
  if (!s.step()) return std::nullopt;
  Token t;
  t.hash = hash;
  t.kind = static_cast<TokenKind>(s.i64(0));
  t.app_id = s.i64(1);
  if (!s.is_null(2)) t.grant_id = s.i64(2);
  t.scopes = parse_scopes(s.text(3));
  t.api_version = static_cast<int>(s.i64(4));
  t.expires_at = s.i64(5);
  t.rotated = s.i64(6) != 0;
  t.revoked = s.i64(7) != 0;
  return t;
}

RotateOutcome SqliteStore::rotate_refresh(const std::string& old_hash, UnixSeconds now,
                                          const IssuedTokens& issued) {
  return writer_.run([&](sqlite::Connection& conn) {
    auto* c = &conn;
    c->prepare(
         "UPDATE tokens SET rotated_at = ? WHERE hash = ? AND rotated_at IS NULL AND "
         "revoked_at IS NULL")
        .bind_all(now, old_hash)
        .run();
    if (c->changes() == 0) return RotateOutcome::kNotActive;
    insert_issued(*c, issued, now);
    return RotateOutcome::kRotated;
  });
}

void SqliteStore::revoke_token(const std::string& hash, UnixSeconds now) {
  return writer_.run([&](sqlite::Connection& conn) {
    auto* c = &conn;
    c->prepare("UPDATE tokens SET revoked_at = ? WHERE hash = ? AND revoked_at IS NULL")
        .bind_all(now, hash)
        .run();
  });
}

std::optional<AccessContext> SqliteStore::find_access_context(const std::string& hash) {
  auto c = pool_.lease();
  auto s = c->prepare(
      "SELECT t.kind, t.app_id, t.grant_id, t.scopes, t.api_version, t.expires_at, "
      "t.rotated_at IS NOT NULL, t.revoked_at IS NOT NULL OR g.revoked_at IS NOT NULL, "
      "g.user_id, a.developer_id, u.id, u.username, u.password_hash, u.display_name, "
      "u.avatar_url, u.bio_description, u.is_verified, u.follower_count, u.following_count, "
      "u.likes_count, u.video_count, u.created_at "
      "FROM tokens t JOIN grants g ON g.id = t.grant_id JOIN apps a ON a.id = t.app_id "
      "JOIN users u ON u.id = g.user_id WHERE t.hash = ?");
  s.bind(1, hash);
  if (!s.step()) return std::nullopt;
  AccessContext a;
  a.token = Token{hash,
                  static_cast<TokenKind>(s.i64(0)),
                  s.i64(1),
                  s.i64(2),
                  parse_scopes(s.text(3)),
                  static_cast<int>(s.i64(4)),
                  s.i64(5),
                  s.i64(6) != 0,
                  s.i64(7) != 0};
  a.user_id = s.i64(8);
  a.developer_id = s.i64(9);
  a.user = read_user(s, 10);
  return a;
}

void SqliteStore::create_session(const Session& session) {
  return writer_.run([&](sqlite::Connection& conn) {
    auto* c = &conn;
    c->prepare("INSERT INTO sessions(hash, user_id, csrf, expires_at, kind) VALUES (?, ?, ?, ?, ?)")
        .bind_all(session.hash, session.user_id, session.csrf, session.expires_at,
                  static_cast<int>(session.kind))
        .run();
  });
}

std::optional<Session> SqliteStore::find_session(const std::string& hash, UnixSeconds now) {
  auto c = pool_.lease();
  auto s = c->prepare(
      "SELECT user_id, csrf, expires_at, kind FROM sessions WHERE hash = ? AND expires_at > ?");
  s.bind_all(hash, now);
  if (!s.step()) return std::nullopt;
  return Session{hash, s.i64(0), s.text(1), s.i64(2), static_cast<SessionKind>(s.i64(3))};
}

void SqliteStore::delete_session(const std::string& hash) {
  return writer_.run([&](sqlite::Connection& conn) {
    auto* c = &conn;
    c->prepare("DELETE FROM sessions WHERE hash = ?").bind(1, hash).run();
  });
}

void SqliteStore::count_v1_call(const V1CallCount& call) {
  return writer_.run([&](sqlite::Connection& conn) {
    auto* c = &conn;
    c->prepare(
         "INSERT INTO v1_calls(app_id, day, endpoint, platform, outcome, count) "
         "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(app_id, day, endpoint, platform, outcome) "
         "DO UPDATE SET count = count + excluded.count")
        .bind_all(call.app_id, call.day, call.endpoint, call.platform, call.outcome, call.count)
        .run();
  });
}

std::vector<V1CallCount> SqliteStore::v1_calls_since(UnixSeconds day) {
  auto c = pool_.lease();
  auto s = c->prepare(
      "SELECT app_id, day, endpoint, platform, outcome, count FROM v1_calls WHERE day >= ? "
      "ORDER BY app_id, day");
  s.bind(1, day);
  std::vector<V1CallCount> out;
  while (s.step()) {
    out.push_back({s.i64(0), s.i64(1), s.text(2), s.text(3), s.text(4), s.i64(5)});
  }
  return out;
}

// One bounded batch in the writer's queue like any other write: requests never wait long.
std::int64_t SqliteStore::purge_expired(UnixSeconds before, int limit) {
  return writer_.run([&](sqlite::Connection& c) {
    std::int64_t gone = 0;
    for (const char* sql :
         {"DELETE FROM codes WHERE rowid IN (SELECT rowid FROM codes WHERE expires_at < ? LIMIT ?)",
          "DELETE FROM tokens WHERE hash IN (SELECT hash FROM tokens WHERE expires_at < ? LIMIT ?)",
          "DELETE FROM sessions WHERE hash IN (SELECT hash FROM sessions WHERE expires_at < ? "
          "LIMIT ?)"}) {
      c.prepare(sql).bind_all(before, limit).run();
      gone += c.changes();
    }
    return gone;
  });
}

void SqliteStore::record_audit(const AuditEvent& e) {
  return writer_.run([&](sqlite::Connection& conn) {
    auto* c = &conn;
    c->prepare("INSERT INTO audit_log(at, actor, app_id, action, detail) VALUES (?, ?, ?, ?, ?)")
        .bind_all(e.at, e.actor, e.app_id, e.action, e.detail)
        .run();
  });
}

std::vector<AuditEvent> SqliteStore::list_audit(Id app_id, int limit) {
  auto c = pool_.lease();
  auto s = c->prepare(
      "SELECT id, at, actor, app_id, action, detail FROM audit_log "
      "WHERE ? = 0 OR app_id = ? ORDER BY id DESC LIMIT ?");
  s.bind_all(app_id, app_id, limit);
  std::vector<AuditEvent> out;
  while (s.step()) out.push_back({s.i64(0), s.i64(1), s.text(2), s.i64(3), s.text(4), s.text(5)});
  return out;
}

std::optional<std::string> SqliteStore::read_meta(const std::string& key) {
  auto c = pool_.lease();
  auto s = c->prepare("SELECT value FROM meta WHERE key = ?");
  s.bind(1, key);
  if (!s.step()) return std::nullopt;
  return s.text(0);
}

std::string SqliteStore::claim_meta(const std::string& key, const std::string& value) {
  return writer_.run([&](sqlite::Connection& c) {
    c.prepare("INSERT OR IGNORE INTO meta(key, value) VALUES (?, ?)").bind_all(key, value).run();
    auto s = c.prepare("SELECT value FROM meta WHERE key = ?");
    s.bind(1, key);
    s.step();
    return s.text(0);
  });
}

void SqliteStore::delete_meta(const std::string& key) {
  writer_.run([&](sqlite::Connection& c) {
    c.prepare("DELETE FROM meta WHERE key = ?").bind(1, key).run();
  });
}

}  // namespace loginkit
