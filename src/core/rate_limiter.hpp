#pragma once
// Fixed-window attempt counter per key (an account, an address). In memory per node: it slows
// guessing down; it is not a durable quota.
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/clock.hpp"

namespace loginkit {

class RateLimiter {
 public:
  RateLimiter(int limit, std::int64_t window_seconds) : limit_(limit), window_(window_seconds) {}
  // Seconds until `key` may try again (0 = go ahead).
  std::int64_t retry_after(const std::string& key, UnixSeconds now);
  // Counts one attempt against `key`.
  void record(const std::string& key, UnixSeconds now);

 private:
  struct Window {
    UnixSeconds start = 0;
    int count = 0;
  };
  void prune(UnixSeconds now);  // caller holds mu_

  int limit_;
  std::int64_t window_;
  std::mutex mu_;
  std::unordered_map<std::string, Window> windows_;
};

}  // namespace loginkit
