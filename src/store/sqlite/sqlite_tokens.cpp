#include "store/sqlite/sqlite_tokens.hpp"

#include <string>

#include "store/sqlite/sqlite_rows.hpp"

namespace loginkit {
namespace {

using sqlite::HandleSql;
using sqlite::insert_token_row;
using sqlite::mark_handle;
using sqlite::read_user;
using sqlite::step_to_handle;

// Column 0 is secret_hash, the token's columns follow from 1. Built once at start: statements are
// cached by their text's address, which these keep for the life of the process.
const std::string kTokenColumns =
    "SELECT t.secret_hash, t.kind, t.app_id, t.grant_id, t.scopes, t.api_version, t.expires_at, "
    "t.rotated_at IS NOT NULL, ";
const std::string kFindToken =
    kTokenColumns +
    "t.revoked_at IS NOT NULL OR (g.id IS NOT NULL AND g.revoked_at IS NOT NULL) "
    "FROM tokens t LEFT JOIN grants g ON g.id = t.grant_id WHERE ";
const std::string kAccessContext =
    kTokenColumns +
    "t.revoked_at IS NOT NULL OR g.revoked_at IS NOT NULL, "
    "g.user_id, a.developer_id, u.id, u.username, u.password_hash, u.display_name, "
    "u.avatar_url, u.bio_description, u.is_verified, u.follower_count, u.following_count, "
    "u.likes_count, u.video_count, u.created_at "
    "FROM tokens t JOIN grants g ON g.id = t.grant_id JOIN apps a ON a.id = t.app_id "
    "JOIN users u ON u.id = g.user_id WHERE ";
const std::string kFindById = kFindToken + "t.id = ?";
const std::string kFindByLegacy = kFindToken + "t.legacy_hash = ?";
const std::string kContextById = kAccessContext + "t.id = ?";
const std::string kContextByLegacy = kAccessContext + "t.legacy_hash = ?";

const HandleSql kFind{kFindById.c_str(), kFindByLegacy.c_str()};
const HandleSql kContext{kContextById.c_str(), kContextByLegacy.c_str()};
constexpr HandleSql kRotate{
    "UPDATE tokens SET rotated_at = ? WHERE rotated_at IS NULL AND revoked_at IS NULL AND "
    "id = ? AND secret_hash = ?",
    "UPDATE tokens SET rotated_at = ? WHERE rotated_at IS NULL AND revoked_at IS NULL AND "
    "legacy_hash = ?"};
constexpr HandleSql kRevoke{
    "UPDATE tokens SET revoked_at = ? WHERE revoked_at IS NULL AND id = ? AND secret_hash = ?",
    "UPDATE tokens SET revoked_at = ? WHERE revoked_at IS NULL AND legacy_hash = ?"};

Token read_token(const sqlite::Stmt& s, const HandleKey& key) {
  Token t;
  t.id = key.id;
  t.hash = key.hash;
  t.kind = static_cast<TokenKind>(s.i64(1));
  t.app_id = s.i64(2);
  if (!s.is_null(3)) t.grant_id = s.i64(3);
  t.scopes = parse_scopes(s.text(4));
  t.api_version = static_cast<int>(s.i64(5));
  t.expires_at = s.i64(6);
  t.rotated = s.i64(7) != 0;
  t.revoked = s.i64(8) != 0;
  return t;
}

}  // namespace

void SqliteTokens::insert_token(const Token& t) {
  return db_.writer.run([&](sqlite::Connection& c) { insert_token_row(c, t, 0); });
}

std::optional<Token> SqliteTokens::find_token(const HandleKey& key) {
  auto c = db_.pool.lease();
  auto s = c->prepare(kFind.of(key));
  if (!step_to_handle(s, key)) return std::nullopt;
  return read_token(s, key);
}

RotateOutcome SqliteTokens::rotate_refresh(const HandleKey& old_key, UnixSeconds now,
                                           const IssuedTokens& issued) {
  return db_.writer.run([&](sqlite::Connection& c) {
    if (mark_handle(c, kRotate, now, old_key) == 0) return RotateOutcome::kNotActive;
    sqlite::insert_issued(c, issued, now);
    return RotateOutcome::kRotated;
  });
}

void SqliteTokens::revoke_token(const HandleKey& key, UnixSeconds now) {
  return db_.writer.run([&](sqlite::Connection& c) { mark_handle(c, kRevoke, now, key); });
}

std::optional<AccessContext> SqliteTokens::find_access_context(const HandleKey& key) {
  auto c = db_.pool.lease();
  auto s = c->prepare(kContext.of(key));
  if (!step_to_handle(s, key)) return std::nullopt;
  AccessContext a;
  a.token = read_token(s, key);
  a.user_id = s.i64(9);
  a.developer_id = s.i64(10);
  a.user = read_user(s, 11);
  return a;
}

}  // namespace loginkit
