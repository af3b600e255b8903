#include "core/clock.hpp"

#include <chrono>

namespace loginkit {

UnixSeconds SystemClock::now() const {
  using namespace std::chrono;
  return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

UnixSeconds AdjustableClock::now() const {
  return base_.now() + offset_.load();
}

void AdjustableClock::set(UnixSeconds at) {
  offset_ = at - base_.now();
}

}  // namespace loginkit
