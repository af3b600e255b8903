#pragma once
#include "store/memory/memory_engine.hpp"
#include "store/store.hpp"

namespace loginkit {

// Purging expired codes, tokens and sessions.
class MemoryHousekeeping final : public HousekeepingStore {
 public:
  explicit MemoryHousekeeping(memory::Engine& db) : db_(db) {}

  std::int64_t purge_expired(UnixSeconds before, int limit) override;

 private:
  memory::Engine& db_;
};

}  // namespace loginkit
