#pragma once
#include "store/sqlite/sqlite_engine.hpp"
#include "store/store.hpp"

namespace loginkit {

// Developer accounts of the portal.
class SqliteDevelopers final : public DeveloperStore {
 public:
  explicit SqliteDevelopers(sqlite::Engine& db) : db_(db) {}

  Id create_developer(const Developer& d) override;
  std::optional<Developer> find_developer(Id id) override;
  std::optional<Developer> find_developer_by_email(const std::string& email) override;

 private:
  sqlite::Engine& db_;
};

}  // namespace loginkit
