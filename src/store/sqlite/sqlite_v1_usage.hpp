#pragma once
#include "store/sqlite/sqlite_engine.hpp"
#include "store/store.hpp"

namespace loginkit {

// Daily counters of v1 API calls (the sunset report).
class SqliteV1Usage final : public V1UsageStore {
 public:
  explicit SqliteV1Usage(sqlite::Engine& db) : db_(db) {}

  void count_v1_call(const V1CallCount& call) override;
  std::vector<V1CallCount> v1_calls_since(UnixSeconds day) override;

 private:
  sqlite::Engine& db_;
};

}  // namespace loginkit
