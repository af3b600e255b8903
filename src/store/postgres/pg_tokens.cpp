#include "store/postgres/pg_tokens.hpp"

#include "store/postgres/pg_rows.hpp"

namespace loginkit {
namespace {

using pg::insert_tokens;
using pg::read_user;
using pg::str;
using pg::unmatchable;

}  // namespace

void PgTokens::insert_token(const Token& t) {
  auto c = db_.pool.lease();
  insert_tokens(*c, IssuedTokens{{t}, 0}, 0);
}

std::optional<Token> PgTokens::find_token(const std::string& hash) {
  if (unmatchable(hash)) return std::nullopt;
  auto c = db_.pool.lease();
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

RotateOutcome PgTokens::rotate_refresh(const std::string& old_hash, UnixSeconds now,
                                       const IssuedTokens& issued) {
  auto c = db_.pool.lease();
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

void PgTokens::revoke_token(const std::string& hash, UnixSeconds now) {
  auto c = db_.pool.lease();
  c->exec("UPDATE tokens SET revoked_at = $1 WHERE hash = $2 AND revoked_at IS NULL",
          {str(now), hash});
}

std::optional<AccessContext> PgTokens::find_access_context(const std::string& hash) {
  if (unmatchable(hash)) return std::nullopt;
  auto c = db_.pool.lease();
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

}  // namespace loginkit
