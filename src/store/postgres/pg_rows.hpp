#pragma once
// Helpers more than one artefact needs: parameter and key conversions, a user joined into a
// token's access context, and tokens stored by a code redemption as well as by the token store.
#include <string>
#include <string_view>
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
// `now` as $1 and the key's parameters after it: what a one-shot mark `SET x = $1 WHERE … <key>`
// needs.
std::vector<Param> now_and_key(UnixSeconds now, const HandleKey& key);
bool matches(const Rows& r, int secret_col, const HandleKey& key);

void insert_tokens(Connection& c, const IssuedTokens& issued, UnixSeconds now);

// A code redemption or a refresh rotation as one statement: one round trip, one implicit
// transaction. `mark` is an `UPDATE … WHERE` whose own condition decides (its parameters are
// `params`, from $1); only when it changed a row are the issued tokens inserted and, with
// `set_deadline`, the grant's refresh deadline written. A concurrent mark of the same row waits
// for the row lock, re-reads the condition and changes nothing, so exactly one wins.
// True when the mark changed a row.
bool mark_then_issue(Connection& c, std::string_view mark, std::vector<Param> params,
                     const IssuedTokens& issued, UnixSeconds now, bool set_deadline);

}  // namespace loginkit::pg
