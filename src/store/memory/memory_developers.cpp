#include "store/memory/memory_developers.hpp"

namespace loginkit {

Id MemoryDevelopers::create_developer(const Developer& d) {
  std::lock_guard lock(db_.mu);
  if (memory::row_where(db_.developers, &Developer::email, d.email) != nullptr) {
    throw DuplicateKey("UNIQUE constraint failed: developers.email");
  }
  Developer saved = d;
  saved.id = ++db_.last_developer;
  db_.developers.emplace(saved.id, saved);
  return saved.id;
}

std::optional<Developer> MemoryDevelopers::find_developer(Id id) {
  std::lock_guard lock(db_.mu);
  return memory::row(db_.developers, id);
}

std::optional<Developer> MemoryDevelopers::find_developer_by_email(const std::string& email) {
  std::lock_guard lock(db_.mu);
  return memory::copy_of(memory::row_where(db_.developers, &Developer::email, email));
}

}  // namespace loginkit
