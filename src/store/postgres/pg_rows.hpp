#pragma once
// Helpers more than one artefact needs: parameter and key conversions, a user joined into a
// token's access context, and tokens stored by a code redemption as well as by the token store.
#include <cstdint>
#include <string>
#include <vector>

#include "store/postgres/pg_db.hpp"
#include "store/store.hpp"

namespace loginkit::pg {

inline Param b(bool v) {
  return std::string(v ? "true" : "false");
}

// PostgreSQL text cannot hold NUL or invalid UTF-8, so a key with either matches no row (on
// SQLite such a key finds nothing either) instead of failing the query.
bool unmatchable(const std::string& key);

inline constexpr const char* kUserColumns =
    "SELECT id, username, password_hash, display_name, avatar_url, bio_description, "
    "is_verified, follower_count, following_count, likes_count, video_count, created_at "
    "FROM users ";

// The user columns of kUserColumns in the first row, starting at column `at` (other queries join
// them in).
User read_user(const Rows& r, int at = 0);

// Codes and tokens: a row is addressed by the id its handle carries and holds the raw hash of the
// handle (bytea), or (older handles) by its hex hash in legacy_hash. handle_params gives (id,
// secret_hash, legacy_hash) for an insert; key_params what `id = $n AND secret_hash = $n+1` (two)
// or `legacy_hash = $n` (one) needs; matches compares a row read by id with the presented hash,
// in constant time.
std::string bytea(const std::string& raw);  // as a text-format parameter (and as read back)
std::vector<Param> handle_params(Id id, const std::string& hash);
std::vector<Param> key_params(const HandleKey& key);
bool matches(const Rows& r, int secret_col, const HandleKey& key);

void insert_tokens(Connection& c, const IssuedTokens& issued, UnixSeconds now);

// One-shot marks (`UPDATE … SET x = $1 WHERE <condition> AND <key>`), one statement per handle
// shape: `by_id` ends in `id = $2 AND secret_hash = $3`, `by_legacy` in `legacy_hash = $2`.
struct HandleSql {
  const char* by_id;
  const char* by_legacy;
  const char* of(const HandleKey& key) const { return key.legacy() ? by_legacy : by_id; }
};

// Sets the mark on the row `key` addresses with `now`; the rows changed (0: the statement's own
// condition did not hold, or no row can match the key).
std::int64_t mark_handle(Connection& c, const HandleSql& mark, UnixSeconds now,
                         const HandleKey& key);

// A code redemption or a refresh rotation as one statement: one round trip, one implicit
// transaction. The mark is set as by mark_handle; only when it changed a row are the issued
// tokens inserted and, with `set_deadline`, the grant's refresh deadline written. A concurrent
// mark of the same row waits for the row lock, re-reads the condition and changes nothing, so
// exactly one wins. True when the mark changed a row.
bool mark_then_issue(Connection& c, const HandleSql& mark, UnixSeconds now, const HandleKey& key,
                     const IssuedTokens& issued, bool set_deadline);

}  // namespace loginkit::pg
