#include "store/sqlite/sqlite_users.hpp"

#include "store/sqlite/sqlite_rows.hpp"

namespace loginkit {
namespace {

using sqlite::kUserColumns;
using sqlite::read_user;

}  // namespace

Id SqliteUsers::create_user(const User& u) {
  return db_.writer.run([&](sqlite::Connection& conn) {
    auto* c = &conn;
    c->prepare(
         "INSERT INTO users(username, password_hash, display_name, avatar_url, bio_description, "
         "is_verified, follower_count, following_count, likes_count, video_count, created_at) "
         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind_all(u.username, u.password_hash, u.display_name, u.avatar_url, u.bio_description,
                  u.is_verified, u.follower_count, u.following_count, u.likes_count, u.video_count,
                  u.created_at)
        .run();
    return c->last_insert_id();
  });
}

std::optional<User> SqliteUsers::find_user(Id id) {
  auto c = db_.pool.lease();
  auto s = c->prepare(std::string(kUserColumns) + "WHERE id = ?");
  s.bind(1, id);
  if (!s.step()) return std::nullopt;
  return read_user(s);
}

std::optional<User> SqliteUsers::find_user_by_name(const std::string& username) {
  auto c = db_.pool.lease();
  auto s = c->prepare(std::string(kUserColumns) + "WHERE username = ?");
  s.bind(1, username);
  if (!s.step()) return std::nullopt;
  return read_user(s);
}

}  // namespace loginkit
