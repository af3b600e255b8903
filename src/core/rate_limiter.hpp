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
  // limit <= 0 = unlimited.
  RateLimiter(std::int64_t limit, std::int64_t window_seconds)
      : limit_(limit), window_(window_seconds) {}
  // Counts one request against `key` and returns the seconds to wait when it is over the limit
  // (0 = allowed).
  std::int64_t take(const std::string& key, UnixSeconds now);
  // Seconds until `key` may try again (0 = go ahead).
  std::int64_t retry_after(const std::string& key, UnixSeconds now);
  // Counts one attempt against `key`.
  void record(const std::string& key, UnixSeconds now);

 private:
  struct Window {
    UnixSeconds start = 0;
    std::int64_t count = 0;
  };
  void prune(UnixSeconds now);  // caller holds mu_

  std::int64_t limit_;
  std::int64_t window_;
  std::mutex mu_;
  std::unordered_map<std::string, Window> windows_;
};

}  // namespace loginkit
