#pragma once
// Helpers more than one artefact needs: parameter and key conversions, a user joined into a
// token's access context, and tokens stored by a code redemption as well as by the token store.
#include <string>

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

void insert_tokens(Connection& c, const IssuedTokens& issued, UnixSeconds now);

}  // namespace loginkit::pg
