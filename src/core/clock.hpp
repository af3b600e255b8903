#pragma once
// One injectable clock (SPEC §4): every expiry and policy date reads it, so tests can stand on
// any date.
#include <atomic>
#include <cstdint>

namespace loginkit {

using UnixSeconds = std::int64_t;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual UnixSeconds now() const = 0;
};

class SystemClock final : public Clock {
 public:
  UnixSeconds now() const override;
};

// System time plus an adjustable offset; only wired in under --test-clock.
class AdjustableClock final : public Clock {
 public:
  UnixSeconds now() const override;
  void advance(UnixSeconds seconds) { offset_ += seconds; }
  void set(UnixSeconds at);

 private:
  SystemClock base_;
  std::atomic<UnixSeconds> offset_{0};
};

}  // namespace loginkit
