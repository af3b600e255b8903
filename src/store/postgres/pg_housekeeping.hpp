#pragma once
#include "store/postgres/pg_engine.hpp"
#include "store/store.hpp"

namespace loginkit {

// Purging expired codes, tokens and sessions; one node at a time.
class PgHousekeeping final : public HousekeepingStore {
 public:
  explicit PgHousekeeping(pg::Engine& db) : db_(db) {}

  std::int64_t purge_expired(UnixSeconds before, int limit) override;

 private:
  pg::Engine& db_;
};

}  // namespace loginkit
