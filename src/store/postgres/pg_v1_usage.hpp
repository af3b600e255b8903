#pragma once
#include "store/postgres/pg_engine.hpp"
#include "store/store.hpp"

namespace loginkit {

// Daily counters of v1 API calls (the sunset report).
class PgV1Usage final : public V1UsageStore {
 public:
  explicit PgV1Usage(pg::Engine& db) : db_(db) {}

  void count_v1_call(const V1CallCount& call) override;
  std::vector<V1CallCount> v1_calls_since(UnixSeconds day) override;

 private:
  pg::Engine& db_;
};

}  // namespace loginkit
