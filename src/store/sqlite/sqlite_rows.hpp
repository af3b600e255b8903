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
// legacy_hash) for an insert at `at`; bind_key binds what a `WHERE id = ? AND secret_hash = ?`
// (two parameters) or `WHERE legacy_hash = ?` (one) needs; matches compares a row read by id
// with the presented hash in constant time.
Stmt& bind_handle(Stmt& s, int at, Id id, const std::string& hash);
Stmt& bind_key(Stmt& s, int at, const HandleKey& key);
// `WHERE id = ?` or `WHERE legacy_hash = ?`: one parameter either way.
Stmt& bind_lookup(Stmt& s, int at, const HandleKey& key);
bool matches(const Stmt& s, int secret_col, const HandleKey& key);

void insert_token_row(Connection& c, const Token& t, UnixSeconds now);
void insert_issued(Connection& c, const IssuedTokens& issued, UnixSeconds now);

}  // namespace loginkit::sqlite
