#pragma once
#include "store/memory/memory_engine.hpp"
#include "store/store.hpp"

namespace loginkit {

// Developer accounts of the portal; the email is unique.
class MemoryDevelopers final : public DeveloperStore {
 public:
  explicit MemoryDevelopers(memory::Engine& db) : db_(db) {}

  Id create_developer(const Developer& d) override;
  std::optional<Developer> find_developer(Id id) override;
  std::optional<Developer> find_developer_by_email(const std::string& email) override;

 private:
  memory::Engine& db_;
};

}  // namespace loginkit
