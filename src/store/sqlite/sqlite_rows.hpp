#pragma once
// Rows more than one artefact reads or writes: a user joined into a token's access context, and
// tokens stored by a code redemption as well as by the token store itself.
#include "store/sqlite/sqlite_db.hpp"
#include "store/store.hpp"

namespace loginkit::sqlite {

inline constexpr const char* kUserColumns =
    "SELECT id, username, password_hash, display_name, avatar_url, bio_description, "
    "is_verified, follower_count, following_count, likes_count, video_count, created_at "
    "FROM users ";

// The user columns of kUserColumns, starting at column `at` (other queries join them in).
User read_user(const Stmt& s, int at = 0);

// Codes and tokens: a row is addressed by the id its handle carries and holds the raw hash of the
// handle, or (older handles) by its hex hash in legacy_hash. bind_handle binds (id, secret_hash,
// legacy_hash) for an insert at `at`.
Stmt& bind_handle(Stmt& s, int at, Id id, const std::string& hash);

// One statement per handle shape, both literals (statements are cached by the literal's address).
// A read's `by_id` ends in `id = ?` (the hash is compared afterwards, in constant time); a write's
// in `id = ? AND secret_hash = ?`; `by_legacy` in `legacy_hash = ?`.
struct HandleSql {
  const char* by_id;
  const char* by_legacy;
  const char* of(const HandleKey& key) const { return key.legacy() ? by_legacy : by_id; }
};

// Reads the row `key` addresses into `s` (column 0 holds its hash); false when there is none or
// its hash is not the handle's.
bool step_to_handle(Stmt& s, const HandleKey& key);
// Runs a write `UPDATE … SET x = ? WHERE … <key>` on the row `key` addresses with `now`; the rows
// it changed (0: the statement's own condition did not hold).
int mark_handle(Connection& c, const HandleSql& sql, UnixSeconds now, const HandleKey& key);

void insert_token_row(Connection& c, const Token& t, UnixSeconds now);
void insert_issued(Connection& c, const IssuedTokens& issued, UnixSeconds now);

}  // namespace loginkit::sqlite
