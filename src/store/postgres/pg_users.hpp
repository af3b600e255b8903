#pragma once
#include "store/postgres/pg_engine.hpp"
#include "store/store.hpp"

namespace loginkit {

// End users.
class PgUsers final : public UserStore {
 public:
  explicit PgUsers(pg::Engine& db) : db_(db) {}

  Id create_user(const User& u) override;
  std::optional<User> find_user(Id id) override;
  std::optional<User> find_user_by_name(const std::string& username) override;

 private:
  pg::Engine& db_;
};

}  // namespace loginkit
