#include "store/memory/memory_developers.hpp"

namespace loginkit {

Id MemoryDevelopers::create_developer(const Developer& d) {
  std::lock_guard lock(db_.mu);
  for (const auto& [id, each] : db_.developers) {
    if (each.email == d.email) throw DuplicateKey("UNIQUE constraint failed: developers.email");
  }
  Developer saved = d;
  saved.id = ++db_.last_developer;
  db_.developers.emplace(saved.id, saved);
  return saved.id;
}

std::optional<Developer> MemoryDevelopers::find_developer(Id id) {
  std::lock_guard lock(db_.mu);
  auto it = db_.developers.find(id);
  if (it == db_.developers.end()) return std::nullopt;
  return it->second;
}

std::optional<Developer> MemoryDevelopers::find_developer_by_email(const std::string& email) {
  std::lock_guard lock(db_.mu);
  for (const auto& [id, each] : db_.developers) {
    if (each.email == email) return each;
  }
  return std::nullopt;
}

}  // namespace loginkit
