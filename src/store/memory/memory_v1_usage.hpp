#pragma once
#include "store/memory/memory_engine.hpp"
#include "store/store.hpp"

namespace loginkit {

// Daily counters of v1 API calls (the sunset report).
class MemoryV1Usage final : public V1UsageStore {
 public:
  explicit MemoryV1Usage(memory::Engine& db) : db_(db) {}

  void count_v1_call(const V1CallCount& call) override;
  std::vector<V1CallCount> v1_calls_since(UnixSeconds day) override;

 private:
  memory::Engine& db_;
};

}  // namespace loginkit
