#include "store/sqlite/sqlite_tokens.hpp"

#include "store/sqlite/sqlite_rows.hpp"

namespace loginkit {
namespace {

using sqlite::insert_issued;
using sqlite::insert_token_row;
using sqlite::read_user;

}  // namespace

void SqliteTokens::insert_token(const Token& t) {
  return db_.writer.run([&](sqlite::Connection& conn) {
    auto* c = &conn;
    insert_token_row(*c, t, 0);
  });
}

std::optional<Token> SqliteTokens::find_token(const std::string& hash) {
  auto c = db_.pool.lease();
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

RotateOutcome SqliteTokens::rotate_refresh(const std::string& old_hash, UnixSeconds now,
                                           const IssuedTokens& issued) {
  return db_.writer.run([&](sqlite::Connection& conn) {
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

void SqliteTokens::revoke_token(const std::string& hash, UnixSeconds now) {
  return db_.writer.run([&](sqlite::Connection& conn) {
    auto* c = &conn;
    c->prepare("UPDATE tokens SET revoked_at = ? WHERE hash = ? AND revoked_at IS NULL")
        .bind_all(now, hash)
        .run();
  });
}

std::optional<AccessContext> SqliteTokens::find_access_context(const std::string& hash) {
  auto c = db_.pool.lease();
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

}  // namespace loginkit
