#include "store/postgres/pg_users.hpp"

#include "store/postgres/pg_rows.hpp"

namespace loginkit {
namespace {

using pg::b;
using pg::kUserColumns;
using pg::read_user;
using pg::str;
using pg::unmatchable;

}  // namespace

Id PgUsers::create_user(const User& u) {
  auto c = db_.pool.lease();
  return c
      ->exec(
          "INSERT INTO users(username, password_hash, display_name, avatar_url, "
          "bio_description, is_verified, follower_count, following_count, likes_count, "
          "video_count, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) "
          "RETURNING id",
          {u.username, u.password_hash, u.display_name, u.avatar_url, u.bio_description,
           b(u.is_verified), str(u.follower_count), str(u.following_count), str(u.likes_count),
           str(u.video_count), str(u.created_at)})
      .i64(0, 0);
}

std::optional<User> PgUsers::find_user(Id id) {
  auto c = db_.pool.lease();
  auto r = c->exec(std::string(kUserColumns) + "WHERE id = $1", {str(id)});
  if (r.empty()) return std::nullopt;
  return read_user(r);
}

std::optional<User> PgUsers::find_user_by_name(const std::string& username) {
  if (unmatchable(username)) return std::nullopt;
  auto c = db_.pool.lease();
  auto r = c->exec(std::string(kUserColumns) + "WHERE username = $1", {username});
  if (r.empty()) return std::nullopt;
  return read_user(r);
}

}  // namespace loginkit
