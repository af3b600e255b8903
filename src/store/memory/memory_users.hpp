#pragma once
#include "store/memory/memory_engine.hpp"
#include "store/store.hpp"

namespace loginkit {

// End users; the username is unique.
class MemoryUsers final : public UserStore {
 public:
  explicit MemoryUsers(memory::Engine& db) : db_(db) {}

  Id create_user(const User& u) override;
  std::optional<User> find_user(Id id) override;
  std::optional<User> find_user_by_name(const std::string& username) override;

 private:
  memory::Engine& db_;
};

}  // namespace loginkit
