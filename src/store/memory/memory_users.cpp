#include "store/memory/memory_users.hpp"

namespace loginkit {

Id MemoryUsers::create_user(const User& u) {
  std::lock_guard lock(db_.mu);
  for (const auto& [id, each] : db_.users) {
    if (each.username == u.username) throw DuplicateKey("UNIQUE constraint failed: users.username");
  }
  User saved = u;
  saved.id = ++db_.last_user;
  db_.users.emplace(saved.id, saved);
  return saved.id;
}

std::optional<User> MemoryUsers::find_user(Id id) {
  std::lock_guard lock(db_.mu);
  auto it = db_.users.find(id);
  if (it == db_.users.end()) return std::nullopt;
  return it->second;
}

std::optional<User> MemoryUsers::find_user_by_name(const std::string& username) {
  std::lock_guard lock(db_.mu);
  for (const auto& [id, each] : db_.users) {
    if (each.username == username) return each;
  }
  return std::nullopt;
}

}  // namespace loginkit
