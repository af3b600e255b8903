#include "store/postgres/pg_store.hpp"

#include "core/crypto.hpp"
#include "core/utf8.hpp"
#include "store/postgres/pg_migrations.hpp"

namespace loginkit {
namespace {

using pg::Connection;
using pg::Param;
using pg::Rows;
using pg::str;

Param b(bool v) {
  return std::string(v ? "true" : "false");
}

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

constexpr const char* kUserColumns =
    "SELECT id, username, password_hash, display_name, avatar_url, bio_description, "
    "is_verified, follower_count, following_count, likes_count, video_count, created_at "
    "FROM users ";

// The user columns of kUserColumns, starting at column `at` (other queries join them in).
User read_user(const Rows& r, int at = 0) {
  User u;
  u.id = r.i64(0, at);
  u.username = r.text(0, at + 1);
  u.password_hash = r.text(0, at + 2);
  u.display_name = r.text(0, at + 3);
  u.avatar_url = r.text(0, at + 4);
  u.bio_description = r.text(0, at + 5);
  u.is_verified = r.flag(0, at + 6);
  u.follower_count = r.i64(0, at + 7);
  u.following_count = r.i64(0, at + 8);
  u.likes_count = r.i64(0, at + 9);
  u.video_count = r.i64(0, at + 10);
  u.created_at = r.i64(0, at + 11);
  return u;
}

std::optional<Developer> read_developer(const Rows& r) {
  if (r.empty()) return std::nullopt;
  return Developer{r.i64(0, 0), r.text(0, 1), r.text(0, 2), r.text(0, 3), r.i64(0, 4)};
}

void insert_tokens(Connection& c, const IssuedTokens& issued, UnixSeconds now) {
  for (const auto& t : issued.tokens) {
    c.exec(
        "INSERT INTO tokens(hash, kind, app_id, grant_id, scopes, api_version, expires_at, "
        "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        {t.hash, str(static_cast<int>(t.kind)), str(t.app_id),
         t.grant_id ? Param(str(*t.grant_id)) : std::nullopt, join_scopes(t.scopes),
         str(t.api_version), str(t.expires_at), str(now)});
  }
}

void revoke_grant_rows(Connection& c, Id grant_id, UnixSeconds now) {
  c.exec("UPDATE grants SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL",
         {str(now), str(grant_id)});
  c.exec("UPDATE tokens SET revoked_at = $1 WHERE grant_id = $2 AND revoked_at IS NULL",
         {str(now), str(grant_id)});
}

// PostgreSQL text cannot hold NUL or invalid UTF-8, so a key with either matches no row (on
// SQLite such a key finds nothing either) instead of failing the query.
bool unmatchable(const std::string& key) {
  return !is_printable_utf8(key);
}

// Several nodes may start at once: one migrates while the others wait on this lock.
constexpr const char* kMigrationLock = "SELECT pg_advisory_lock(7482730001)";
constexpr const char* kMigrationUnlock = "SELECT pg_advisory_unlock(7482730001)";

}  // namespace

void PgStore::migrate() {
  auto c = pool_.lease();
  c->exec(kMigrationLock);
  try {
    c->exec("CREATE TABLE IF NOT EXISTS schema_version(version INTEGER NOT NULL)");
    auto v = c->exec("SELECT version FROM schema_version");
    int version = v.empty() ? 0 : static_cast<int>(v.i64(0, 0));
    const auto& all = pg::migrations();
    for (auto i = static_cast<std::size_t>(version); i < all.size(); ++i) {
      pg::Txn txn(*c);
      c->exec_script(all[i]);
      c->exec("DELETE FROM schema_version");
      c->exec("INSERT INTO schema_version(version) VALUES ($1)", {str(static_cast<int>(i + 1))});
      txn.commit();
    }
  } catch (...) {
    c->exec(kMigrationUnlock);
    throw;
  }
  c->exec(kMigrationUnlock);
}

int PgStore::schema_version() {
  auto c = pool_.lease();
  auto r = c->exec(
      "SELECT COALESCE((SELECT version FROM schema_version LIMIT 1), 0) WHERE "
      "to_regclass('schema_version') IS NOT NULL");
  return r.empty() ? 0 : static_cast<int>(r.i64(0, 0));
}

int PgStore::latest_schema_version() const {
  return static_cast<int>(pg::migrations().size());
}

bool PgStore::reachable() {
  pg::Connection fresh(conninfo_);
  return !fresh.exec("SELECT 1").empty();
}

Id PgStore::create_developer(const Developer& d) {
  auto c = pool_.lease();
  return c
      ->exec(
          "INSERT INTO developers(email, name, password_hash, created_at) VALUES ($1, $2, $3, "
          "$4) RETURNING id",
          {d.email, d.name, d.password_hash, str(d.created_at)})
      .i64(0, 0);
}

std::optional<Developer> PgStore::find_developer(Id id) {
  auto c = pool_.lease();
  return read_developer(
      c->exec("SELECT id, email, name, password_hash, created_at FROM developers WHERE id = $1",
              {str(id)}));
}

std::optional<Developer> PgStore::find_developer_by_email(const std::string& email) {
  if (unmatchable(email)) return std::nullopt;
  auto c = pool_.lease();
  return read_developer(
      c->exec("SELECT id, email, name, password_hash, created_at FROM developers WHERE email = $1",
              {email}));
}

Id PgStore::create_user(const User& u) {
  auto c = pool_.lease();
  return c
      ->exec(
          "INSERT INTO users(username, password_hash, display_name, avatar_url, "
          "bio_description, is_verified, follower_count, following_count, likes_count, "
          "video_count, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) "
          "RETURNING id",
          {u.username, u.password_hash, u.display_name, u.avatar_url, u.bio_description,
           b(u.is_verified), str(u.follower_count), str(u.following_count), str(u.likes_count),
           str(u.video_count), str(u.created_at)})
      .i64(0, 0);
}

std::optional<User> PgStore::find_user(Id id) {
  auto c = pool_.lease();
  auto r = c->exec(std::string(kUserColumns) + "WHERE id = $1", {str(id)});
  if (r.empty()) return std::nullopt;
  return read_user(r);
}

std::optional<User> PgStore::find_user_by_name(const std::string& username) {
  if (unmatchable(username)) return std::nullopt;
  auto c = pool_.lease();
  auto r = c->exec(std::string(kUserColumns) + "WHERE username = $1", {username});
  if (r.empty()) return std::nullopt;
  return read_user(r);
}

Id PgStore::create_app(const App& app) {
  auto c = pool_.lease();
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

std::optional<App> PgStore::find_app(Id id) {
  auto c = pool_.lease();
  auto r = c->exec(std::string(kAppColumns) + "WHERE id = $1", {str(id)});
  if (r.empty()) return std::nullopt;
  App a = read_app(r, 0);
  load_children(*c, a);
  return a;
}

std::optional<App> PgStore::find_app_by_key(const std::string& client_key) {
  if (unmatchable(client_key)) return std::nullopt;
  auto c = pool_.lease();
  auto r = c->exec(std::string(kAppColumns) + "WHERE client_key = $1", {client_key});
  if (r.empty()) return std::nullopt;
  App a = read_app(r, 0);
  load_children(*c, a);
  return a;
}

std::optional<App> PgStore::find_app_core(Id id) {
  auto c = pool_.lease();
  auto r = c->exec(std::string(kAppColumns) + "WHERE id = $1", {str(id)});
  if (r.empty()) return std::nullopt;
  return read_app(r, 0);
}

std::optional<App> PgStore::find_app_core_by_key(const std::string& client_key) {
  if (unmatchable(client_key)) return std::nullopt;
  auto c = pool_.lease();
  auto r = c->exec(std::string(kAppColumns) + "WHERE client_key = $1", {client_key});
  if (r.empty()) return std::nullopt;
  return read_app(r, 0);
}

std::vector<App> PgStore::list_apps() {
  auto c = pool_.lease();
  auto r = c->exec(std::string(kAppColumns) + "ORDER BY id");
  std::vector<App> apps;
  for (int i = 0; i < r.size(); ++i) apps.push_back(read_app(r, i));
  for (auto& a : apps) load_children(*c, a);
  return apps;
}

bool PgStore::update_app(const App& app) {
  auto c = pool_.lease();
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

Id PgStore::create_grant_with_code(const Grant& g, const AuthCode& code) {
  auto c = pool_.lease();
  pg::Txn txn(*c);
  Id id = c->exec(
               "INSERT INTO grants(app_id, user_id, scopes, api_version, platform, created_at) "
               "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
               {str(g.app_id), str(g.user_id), join_scopes(g.scopes), str(g.api_version),
                std::string(platform_name(g.platform)), str(g.created_at)})
              .i64(0, 0);
  c->exec(
      "INSERT INTO codes(hash, grant_id, redirect_uri, code_challenge, expires_at) "
      "VALUES ($1, $2, $3, $4, $5)",
      {code.hash, str(id), code.redirect_uri, code.code_challenge, str(code.expires_at)});
  txn.commit();
  return id;
}

std::optional<Grant> PgStore::find_grant(Id id) {
  auto c = pool_.lease();
  auto r = c->exec(
      "SELECT id, app_id, user_id, scopes, api_version, platform, created_at, "
      "refresh_deadline, revoked_at IS NOT NULL FROM grants WHERE id = $1",
      {str(id)});
  if (r.empty()) return std::nullopt;
  Grant g;
  g.id = r.i64(0, 0);
  g.app_id = r.i64(0, 1);
  g.user_id = r.i64(0, 2);
  g.scopes = parse_scopes(r.text(0, 3));
  g.api_version = static_cast<int>(r.i64(0, 4));
  g.platform = parse_platform(r.text(0, 5)).value_or(Platform::kWeb);
  g.created_at = r.i64(0, 6);
  g.refresh_deadline = r.i64(0, 7);
  g.revoked = r.flag(0, 8);
  return g;
}

void PgStore::revoke_grant(Id grant_id, UnixSeconds now) {
  auto c = pool_.lease();
  pg::Txn txn(*c);
  revoke_grant_rows(*c, grant_id, now);
  txn.commit();
}

void PgStore::disconnect(Id user_id, Id app_id, UnixSeconds now) {
  auto c = pool_.lease();
  pg::Txn txn(*c);
  auto ids =
      c->exec("SELECT id FROM grants WHERE user_id = $1 AND app_id = $2 AND revoked_at IS NULL",
              {str(user_id), str(app_id)});
  for (int i = 0; i < ids.size(); ++i) revoke_grant_rows(*c, ids.i64(i, 0), now);
  c->exec("DELETE FROM consents WHERE user_id = $1 AND app_id = $2", {str(user_id), str(app_id)});
  txn.commit();
}

std::optional<Consent> PgStore::find_consent(Id user_id, Id app_id) {
  auto c = pool_.lease();
  auto r = c->exec("SELECT scopes, updated_at FROM consents WHERE user_id = $1 AND app_id = $2",
                   {str(user_id), str(app_id)});
  if (r.empty()) return std::nullopt;
  return Consent{user_id, app_id, parse_scopes(r.text(0, 0)), r.i64(0, 1)};
}

void PgStore::save_consent(const Consent& consent) {
  auto c = pool_.lease();
  c->exec(
      "INSERT INTO consents(user_id, app_id, scopes, updated_at) VALUES ($1, $2, $3, $4) "
      "ON CONFLICT(user_id, app_id) DO UPDATE SET scopes = excluded.scopes, "
      "updated_at = excluded.updated_at",
      {str(consent.user_id), str(consent.app_id), join_scopes(consent.scopes),
       str(consent.updated_at)});
}

std::vector<Consent> PgStore::list_consents(Id user_id) {
  auto c = pool_.lease();
  auto r = c->exec(
      "SELECT app_id, scopes, updated_at FROM consents WHERE user_id = $1 "
      "ORDER BY updated_at DESC",
      {str(user_id)});
  std::vector<Consent> out;
  for (int i = 0; i < r.size(); ++i) {
    out.push_back({user_id, r.i64(i, 0), parse_scopes(r.text(i, 1)), r.i64(i, 2)});
  }
  return out;
}

std::optional<AuthCode> PgStore::find_code(const std::string& hash) {
  if (unmatchable(hash)) return std::nullopt;
  auto c = pool_.lease();
  auto r = c->exec(
      "SELECT grant_id, redirect_uri, code_challenge, expires_at, consumed_at IS NOT NULL "
      "FROM codes WHERE hash = $1",
      {hash});
  if (r.empty()) return std::nullopt;
  return AuthCode{hash, r.i64(0, 0), r.text(0, 1), r.text(0, 2), r.i64(0, 3), r.flag(0, 4)};
}

// The conditional UPDATE takes the row lock: a concurrent redemption on another node waits,
// re-reads consumed_at and touches nothing, so exactly one wins (READ COMMITTED suffices).
RedeemOutcome PgStore::redeem_code(const std::string& hash, UnixSeconds now,
                                   const IssuedTokens& issued) {
  auto c = pool_.lease();
  pg::Txn txn(*c);
  auto r = c->exec("UPDATE codes SET consumed_at = $1 WHERE hash = $2 AND consumed_at IS NULL",
                   {str(now), hash});
  if (r.affected() == 0) return RedeemOutcome::kAlreadyConsumed;
  insert_tokens(*c, issued, now);
  if (!issued.tokens.empty() && issued.tokens.front().grant_id) {
    c->exec("UPDATE grants SET refresh_deadline = $1 WHERE id = $2",
            {str(issued.refresh_deadline), str(*issued.tokens.front().grant_id)});
  }
  txn.commit();
  return RedeemOutcome::kRedeemed;
}

void PgStore::insert_token(const Token& t) {
  auto c = pool_.lease();
  insert_tokens(*c, IssuedTokens{{t}, 0}, 0);
}

std::optional<Token> PgStore::find_token(const std::string& hash) {
  if (unmatchable(hash)) return std::nullopt;
  auto c = pool_.lease();
  auto r = c->exec(
      "SELECT t.kind, t.app_id, t.grant_id, t.scopes, t.api_version, t.expires_at, "
      "t.rotated_at IS NOT NULL, "
      "t.revoked_at IS NOT NULL OR (g.id IS NOT NULL AND g.revoked_at IS NOT NULL) "
      "FROM tokens t LEFT JOIN grants g ON g.id = t.grant_id WHERE t.hash = $1",
      {hash});
  if (r.empty()) return std::nullopt;
  Token t;
  t.hash = hash;
  t.kind = static_cast<TokenKind>(r.i64(0, 0));
  t.app_id = r.i64(0, 1);
  if (!r.is_null(0, 2)) t.grant_id = r.i64(0, 2);
  t.scopes = parse_scopes(r.text(0, 3));
  t.api_version = static_cast<int>(r.i64(0, 4));
  t.expires_at = r.i64(0, 5);
  t.rotated = r.flag(0, 6);
  t.revoked = r.flag(0, 7);
  return t;
}

RotateOutcome PgStore::rotate_refresh(const std::string& old_hash, UnixSeconds now,
                                      const IssuedTokens& issued) {
  auto c = pool_.lease();
  pg::Txn txn(*c);
  auto r = c->exec(
      "UPDATE tokens SET rotated_at = $1 WHERE hash = $2 AND rotated_at IS NULL AND "
      "revoked_at IS NULL",
      {str(now), old_hash});
  if (r.affected() == 0) return RotateOutcome::kNotActive;
  insert_tokens(*c, issued, now);
  txn.commit();
  return RotateOutcome::kRotated;
}

void PgStore::revoke_token(const std::string& hash, UnixSeconds now) {
  auto c = pool_.lease();
  c->exec("UPDATE tokens SET revoked_at = $1 WHERE hash = $2 AND revoked_at IS NULL",
          {str(now), hash});
}

std::optional<AccessContext> PgStore::find_access_context(const std::string& hash) {
  if (unmatchable(hash)) return std::nullopt;
  auto c = pool_.lease();
  auto r = c->exec(
      "SELECT t.kind, t.app_id, t.grant_id, t.scopes, t.api_version, t.expires_at, "
      "t.rotated_at IS NOT NULL, t.revoked_at IS NOT NULL OR g.revoked_at IS NOT NULL, "
      "g.user_id, a.developer_id, u.id, u.username, u.password_hash, u.display_name, "
      "u.avatar_url, u.bio_description, u.is_verified, u.follower_count, u.following_count, "
      "u.likes_count, u.video_count, u.created_at "
      "FROM tokens t JOIN grants g ON g.id = t.grant_id JOIN apps a ON a.id = t.app_id "
      "JOIN users u ON u.id = g.user_id WHERE t.hash = $1",
      {hash});
  if (r.empty()) return std::nullopt;
  AccessContext a;
  a.token = Token{hash,
                  static_cast<TokenKind>(r.i64(0, 0)),
                  r.i64(0, 1),
                  r.i64(0, 2),
                  parse_scopes(r.text(0, 3)),
                  static_cast<int>(r.i64(0, 4)),
                  r.i64(0, 5),
                  r.flag(0, 6),
                  r.flag(0, 7)};
  a.user_id = r.i64(0, 8);
  a.developer_id = r.i64(0, 9);
  a.user = read_user(r, 10);
  return a;
}

void PgStore::create_session(const Session& s) {
  auto c = pool_.lease();
  c->exec("INSERT INTO sessions(hash, user_id, csrf, expires_at, kind) VALUES ($1, $2, $3, $4, $5)",
          {s.hash, str(s.user_id), s.csrf, str(s.expires_at), str(static_cast<int>(s.kind))});
}

std::optional<Session> PgStore::find_session(const std::string& hash, UnixSeconds now) {
  if (unmatchable(hash)) return std::nullopt;
  auto c = pool_.lease();
  auto r = c->exec(
      "SELECT user_id, csrf, expires_at, kind FROM sessions WHERE hash = $1 AND expires_at > $2",
      {hash, str(now)});
  if (r.empty()) return std::nullopt;
  return Session{hash, r.i64(0, 0), r.text(0, 1), r.i64(0, 2),
                 static_cast<SessionKind>(r.i64(0, 3))};
}

void PgStore::delete_session(const std::string& hash) {
  auto c = pool_.lease();
  c->exec("DELETE FROM sessions WHERE hash = $1", {hash});
}

void PgStore::count_v1_call(const V1CallCount& call) {
  auto c = pool_.lease();
  c->exec(
      "INSERT INTO v1_calls(app_id, day, endpoint, platform, outcome, count) "
      "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT(app_id, day, endpoint, platform, outcome) "
      "DO UPDATE SET count = v1_calls.count + excluded.count",
      {str(call.app_id), str(call.day), call.endpoint, call.platform, call.outcome,
       str(call.count)});
}

std::vector<V1CallCount> PgStore::v1_calls_since(UnixSeconds day) {
  auto c = pool_.lease();
  auto r = c->exec(
      "SELECT app_id, day, endpoint, platform, outcome, count FROM v1_calls WHERE day >= $1 "
      "ORDER BY app_id, day",
      {str(day)});
  std::vector<V1CallCount> out;
  for (int i = 0; i < r.size(); ++i) {
    out.push_back(
        {r.i64(i, 0), r.i64(i, 1), r.text(i, 2), r.text(i, 3), r.text(i, 4), r.i64(i, 5)});
  }
  return out;
}

// Several nodes share the database: whoever gets the advisory lock purges, the others skip.
std::int64_t PgStore::purge_expired(UnixSeconds before, int limit) {
  auto c = pool_.lease();
  if (!c->exec("SELECT pg_try_advisory_lock(7482730002)").flag(0, 0)) return 0;
  std::int64_t gone = 0;
  try {
    for (const char* sql :
         {"DELETE FROM codes WHERE hash IN (SELECT hash FROM codes WHERE expires_at < $1 LIMIT $2)",
          "DELETE FROM tokens WHERE hash IN (SELECT hash FROM tokens WHERE expires_at < $1 "
          "LIMIT $2)",
          "DELETE FROM sessions WHERE hash IN (SELECT hash FROM sessions WHERE expires_at < $1 "
          "LIMIT $2)"}) {
      gone += c->exec(sql, {str(before), str(limit)}).affected();
    }
  } catch (...) {
    c->exec("SELECT pg_advisory_unlock(7482730002)");
    throw;
  }
  c->exec("SELECT pg_advisory_unlock(7482730002)");
  return gone;
}

void PgStore::record_audit(const AuditEvent& e) {
  auto c = pool_.lease();
  c->exec("INSERT INTO audit_log(at, actor, app_id, action, detail) VALUES ($1, $2, $3, $4, $5)",
          {str(e.at), e.actor, str(e.app_id), e.action, e.detail});
}

std::vector<AuditEvent> PgStore::list_audit(Id app_id, int limit) {
  auto c = pool_.lease();
  auto r = c->exec(
      "SELECT id, at, actor, app_id, action, detail FROM audit_log "
      "WHERE $1::bigint = 0 OR app_id = $1::bigint ORDER BY id DESC LIMIT $2",
      {str(app_id), str(limit)});
  std::vector<AuditEvent> out;
  for (int i = 0; i < r.size(); ++i) {
    out.push_back(
        {r.i64(i, 0), r.i64(i, 1), r.text(i, 2), r.i64(i, 3), r.text(i, 4), r.text(i, 5)});
  }
  return out;
}

std::optional<std::string> PgStore::read_meta(const std::string& key) {
  auto c = pool_.lease();
  auto r = c->exec("SELECT value FROM meta WHERE key = $1", {key});
  if (r.empty()) return std::nullopt;
  return r.text(0, 0);
}

std::string PgStore::claim_meta(const std::string& key, const std::string& value) {
  auto c = pool_.lease();
  c->exec("INSERT INTO meta(key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
          {key, value});
  return c->exec("SELECT value FROM meta WHERE key = $1", {key}).text(0, 0);
}

void PgStore::delete_meta(const std::string& key) {
  auto c = pool_.lease();
  c->exec("DELETE FROM meta WHERE key = $1", {key});
}

}  // namespace loginkit
