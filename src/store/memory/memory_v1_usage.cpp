#include "store/memory/memory_v1_usage.hpp"

namespace loginkit {

void MemoryV1Usage::count_v1_call(const V1CallCount& call) {
  std::lock_guard lock(db_.mu);
  db_.v1_calls[{call.app_id, call.day, call.endpoint, call.platform, call.outcome}] += call.count;
}

// Ordered by app, then day, as the SQL engines return them.
std::vector<V1CallCount> MemoryV1Usage::v1_calls_since(UnixSeconds day) {
  std::lock_guard lock(db_.mu);
  std::vector<V1CallCount> out;
  for (const auto& [key, count] : db_.v1_calls) {
    const auto& [app_id, at, endpoint, platform, outcome] = key;
    if (at >= day) out.push_back({app_id, at, endpoint, platform, outcome, count});
  }
  return out;
}

}  // namespace loginkit
