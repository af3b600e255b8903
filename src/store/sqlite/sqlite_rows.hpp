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

void insert_token_row(Connection& c, const Token& t, UnixSeconds now);
void insert_issued(Connection& c, const IssuedTokens& issued, UnixSeconds now);

}  // namespace loginkit::sqlite
