#include "store/sqlite/sqlite_grants.hpp"

#include "store/sqlite/sqlite_rows.hpp"

namespace loginkit {
namespace {

using sqlite::Connection;

// Whole literals, not concatenations: Connection::prepare caches a literal by its address, so the
// hot path neither builds nor hashes the SQL. read_grant reads the first nine columns of both.
constexpr const char* kFindGrant =
    "SELECT g.id, g.app_id, g.user_id, g.scopes, g.api_version, g.platform, g.created_at, "
    "g.refresh_deadline, g.revoked_at IS NOT NULL FROM grants g WHERE g.id = ?";
constexpr const char* kFindGrantContext =
    "SELECT g.id, g.app_id, g.user_id, g.scopes, g.api_version, g.platform, g.created_at, "
    "g.refresh_deadline, g.revoked_at IS NOT NULL, a.developer_id, u.id, u.username, "
    "u.password_hash, u.display_name, u.avatar_url, u.bio_description, u.is_verified, "
    "u.follower_count, u.following_count, u.likes_count, u.video_count, u.created_at, "
    "EXISTS(SELECT 1 FROM revoked_tokens WHERE token_id = ?) "
    "FROM grants g JOIN apps a ON a.id = g.app_id JOIN users u ON u.id = g.user_id "
    "WHERE g.id = ?";

Grant read_grant(const sqlite::Stmt& s) {
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

void revoke_grant_rows(Connection& c, Id grant_id, UnixSeconds now) {
  c.prepare("UPDATE grants SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
      .bind_all(now, grant_id)
      .run();
  c.prepare("UPDATE tokens SET revoked_at = ? WHERE grant_id = ? AND revoked_at IS NULL")
      .bind_all(now, grant_id)
      .run();
}

}  // namespace

Id SqliteGrants::create_grant_with_code(const Grant& g, const AuthCode& code) {
  return db_.writer.run([&](sqlite::Connection& conn) {
    auto* c = &conn;
    c->prepare(
         "INSERT INTO grants(app_id, user_id, scopes, api_version, platform, created_at) "
         "VALUES (?, ?, ?, ?, ?, ?)")
        .bind_all(g.app_id, g.user_id, join_scopes(g.scopes), g.api_version,
                  platform_name(g.platform), g.created_at)
        .run();
    Id id = c->last_insert_id();
    auto s = c->prepare(
        "INSERT INTO codes(id, secret_hash, legacy_hash, grant_id, redirect_uri, code_challenge, "
        "expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    sqlite::bind_handle(s, 1, code.id, code.hash);
    s.bind(4, id).bind(5, code.redirect_uri).bind(6, code.code_challenge).bind(7, code.expires_at);
    s.run();
    return id;
  });
}

std::optional<Grant> SqliteGrants::find_grant(Id id) {
  auto c = db_.pool.lease();
  auto s = c->prepare(kFindGrant);
  s.bind(1, id);
  if (!s.step()) return std::nullopt;
  return read_grant(s);
}

std::optional<GrantContext> SqliteGrants::find_grant_context(Id grant_id,
                                                             const std::string& token_id) {
  auto c = db_.pool.lease();
  auto s = c->prepare(kFindGrantContext);
  s.bind_all(token_id, grant_id);
  if (!s.step()) return std::nullopt;
  return GrantContext{read_grant(s), s.i64(9), sqlite::read_user(s, 10), s.i64(22) != 0};
}

void SqliteGrants::revoke_grant(Id grant_id, UnixSeconds now) {
  return db_.writer.run([&](sqlite::Connection& conn) {
    auto* c = &conn;
    revoke_grant_rows(*c, grant_id, now);
  });
}

void SqliteGrants::disconnect(Id user_id, Id app_id, UnixSeconds now) {
  return db_.writer.run([&](sqlite::Connection& conn) {
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

std::optional<Consent> SqliteGrants::find_consent(Id user_id, Id app_id) {
  auto c = db_.pool.lease();
  auto s = c->prepare("SELECT scopes, updated_at FROM consents WHERE user_id = ? AND app_id = ?");
  s.bind_all(user_id, app_id);
  if (!s.step()) return std::nullopt;
  return Consent{user_id, app_id, parse_scopes(s.text(0)), s.i64(1)};
}

void SqliteGrants::save_consent(const Consent& consent) {
  return db_.writer.run([&](sqlite::Connection& conn) {
    auto* c = &conn;
    c->prepare(
         "INSERT INTO consents(user_id, app_id, scopes, updated_at) VALUES (?, ?, ?, ?) "
         "ON CONFLICT(user_id, app_id) DO UPDATE SET scopes = excluded.scopes, "
         "updated_at = excluded.updated_at")
        .bind_all(consent.user_id, consent.app_id, join_scopes(consent.scopes), consent.updated_at)
        .run();
  });
}

std::vector<Consent> SqliteGrants::list_consents(Id user_id) {
  auto c = db_.pool.lease();
  auto s = c->prepare(
      "SELECT app_id, scopes, updated_at FROM consents WHERE user_id = ? ORDER BY updated_at DESC");
  s.bind(1, user_id);
  std::vector<Consent> out;
  while (s.step()) out.push_back({user_id, s.i64(0), parse_scopes(s.text(1)), s.i64(2)});
  return out;
}

}  // namespace loginkit
