#pragma once
#include "store/sqlite/sqlite_engine.hpp"
#include "store/store.hpp"

namespace loginkit {

// Purging expired codes, tokens and sessions.
class SqliteHousekeeping final : public HousekeepingStore {
 public:
  explicit SqliteHousekeeping(sqlite::Engine& db) : db_(db) {}

  std::int64_t purge_expired(UnixSeconds before, int limit) override;

 private:
  sqlite::Engine& db_;
};

}  // namespace loginkit
