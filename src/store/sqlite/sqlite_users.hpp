#pragma once
#include "store/sqlite/sqlite_engine.hpp"
#include "store/store.hpp"

namespace loginkit {

// End users.
class SqliteUsers final : public UserStore {
 public:
  explicit SqliteUsers(sqlite::Engine& db) : db_(db) {}

  Id create_user(const User& u) override;
  std::optional<User> find_user(Id id) override;
  std::optional<User> find_user_by_name(const std::string& username) override;

 private:
  sqlite::Engine& db_;
};

}  // namespace loginkit
