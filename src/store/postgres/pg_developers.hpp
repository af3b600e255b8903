#pragma once
#include "store/postgres/pg_engine.hpp"
#include "store/store.hpp"

namespace loginkit {

// Developer accounts of the portal.
class PgDevelopers final : public DeveloperStore {
 public:
  explicit PgDevelopers(pg::Engine& db) : db_(db) {}

  Id create_developer(const Developer& d) override;
  std::optional<Developer> find_developer(Id id) override;
  std::optional<Developer> find_developer_by_email(const std::string& email) override;

 private:
  pg::Engine& db_;
};

}  // namespace loginkit
