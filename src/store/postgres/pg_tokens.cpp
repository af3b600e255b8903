#include "store/postgres/pg_tokens.hpp"

#include "store/postgres/pg_rows.hpp"

namespace loginkit {
namespace {

using pg::insert_tokens;
using pg::matches;
using pg::read_user;
using pg::str;
using pg::unmatchable;

// Column 0 is secret_hash, the token's columns follow from 1; then `WHERE t.id = $1` or
// `WHERE t.legacy_hash = $1`.
constexpr const char* kFindToken =
    "SELECT t.secret_hash, t.kind, t.app_id, t.grant_id, t.scopes, t.api_version, t.expires_at, "
    "t.rotated_at IS NOT NULL, "
    "t.revoked_at IS NOT NULL OR (g.id IS NOT NULL AND g.revoked_at IS NOT NULL) "
    "FROM tokens t LEFT JOIN grants g ON g.id = t.grant_id ";
constexpr const char* kFindContext =
    "SELECT t.secret_hash, t.kind, t.app_id, t.grant_id, t.scopes, t.api_version, t.expires_at, "
    "t.rotated_at IS NOT NULL, t.revoked_at IS NOT NULL OR g.revoked_at IS NOT NULL, "
    "g.user_id, a.developer_id, u.id, u.username, u.password_hash, u.display_name, "
    "u.avatar_url, u.bio_description, u.is_verified, u.follower_count, u.following_count, "
    "u.likes_count, u.video_count, u.created_at "
    "FROM tokens t JOIN grants g ON g.id = t.grant_id JOIN apps a ON a.id = t.app_id "
    "JOIN users u ON u.id = g.user_id ";

// The row `key` names, read with `select`, if its hash matches.
std::optional<pg::Rows> lookup(pg::Connection& c, const char* select, const HandleKey& key) {
  if (key.legacy() && unmatchable(key.hash)) return std::nullopt;
  auto r = key.legacy() ? c.exec(std::string(select) + "WHERE t.legacy_hash = $1", {key.hash})
                        : c.exec(std::string(select) + "WHERE t.id = $1", {str(key.id)});
  if (r.empty() || !matches(r, 0, key)) return std::nullopt;
  return r;
}

Token read_token(const pg::Rows& r, const HandleKey& key) {
  Token t;
  t.id = key.id;
  t.hash = key.hash;
  t.kind = static_cast<TokenKind>(r.i64(0, 1));
  t.app_id = r.i64(0, 2);
  if (!r.is_null(0, 3)) t.grant_id = r.i64(0, 3);
  t.scopes = parse_scopes(r.text(0, 4));
  t.api_version = static_cast<int>(r.i64(0, 5));
  t.expires_at = r.i64(0, 6);
  t.rotated = r.flag(0, 7);
  t.revoked = r.flag(0, 8);
  return t;
}

constexpr pg::HandleSql kRotate{
    "UPDATE tokens SET rotated_at = $1 WHERE rotated_at IS NULL AND revoked_at IS NULL AND "
    "id = $2 AND secret_hash = $3",
    "UPDATE tokens SET rotated_at = $1 WHERE rotated_at IS NULL AND revoked_at IS NULL AND "
    "legacy_hash = $2"};
constexpr pg::HandleSql kRevoke{
    "UPDATE tokens SET revoked_at = $1 WHERE revoked_at IS NULL AND id = $2 AND secret_hash = $3",
    "UPDATE tokens SET revoked_at = $1 WHERE revoked_at IS NULL AND legacy_hash = $2"};

}  // namespace

void PgTokens::insert_token(const Token& t) {
  auto c = db_.pool.lease();
  insert_tokens(*c, IssuedTokens{{t}, 0}, 0);
}

std::optional<Token> PgTokens::find_token(const HandleKey& key) {
  auto c = db_.pool.lease();
  auto r = lookup(*c, kFindToken, key);
  if (!r) return std::nullopt;
  return read_token(*r, key);
}

RotateOutcome PgTokens::rotate_refresh(const HandleKey& old_key, UnixSeconds now,
                                       const IssuedTokens& issued) {
  auto c = db_.pool.lease();
  return pg::mark_then_issue(*c, kRotate, now, old_key, issued, /*set_deadline=*/false)
             ? RotateOutcome::kRotated
             : RotateOutcome::kNotActive;
}

void PgTokens::revoke_token(const HandleKey& key, UnixSeconds now) {
  auto c = db_.pool.lease();
  pg::mark_handle(*c, kRevoke, now, key);
}

std::optional<AccessContext> PgTokens::find_access_context(const HandleKey& key) {
  auto c = db_.pool.lease();
  auto r = lookup(*c, kFindContext, key);
  if (!r) return std::nullopt;
  AccessContext a;
  a.token = read_token(*r, key);
  a.user_id = r->i64(0, 9);
  a.developer_id = r->i64(0, 10);
  a.user = read_user(*r, 11);
  return a;
}

}  // namespace loginkit
