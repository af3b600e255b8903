#include "store/memory/memory_users.hpp"

namespace loginkit {

Id MemoryUsers::create_user(const User& u) {
  std::lock_guard lock(db_.mu);
  if (memory::row_where(db_.users, &User::username, u.username) != nullptr) {
    throw DuplicateKey("UNIQUE constraint failed: users.username");
  }
  User saved = u;
  saved.id = ++db_.last_user;
  db_.users.emplace(saved.id, saved);
  return saved.id;
}

std::optional<User> MemoryUsers::find_user(Id id) {
  std::lock_guard lock(db_.mu);
  return memory::row(db_.users, id);
}

std::optional<User> MemoryUsers::find_user_by_name(const std::string& username) {
  std::lock_guard lock(db_.mu);
  return memory::copy_of(memory::row_where(db_.users, &User::username, username));
}

}  // namespace loginkit
