#include "cli/notify.hpp"

#include <systemd/sd-daemon.h>
#include <time.h>

#include <cinttypes>
#include <cstdint>

namespace loginkit::cli {

void ReadyLatch::arrive() {
  if (pending_.fetch_sub(1) == 1) sd_notify(0, "READY=1");
}

void notify_reloading() {
  // systemd 253 and later match the reload by this timestamp (CLOCK_MONOTONIC, microseconds);
  // older versions ignore the field.
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  auto usec = static_cast<std::uint64_t>(ts.tv_sec) * 1000000U +
              static_cast<std::uint64_t>(ts.tv_nsec) / 1000U;
  sd_notifyf(0, "RELOADING=1\nMONOTONIC_USEC=%" PRIu64, usec);
}

void notify_ready() {
  sd_notify(0, "READY=1");
}

void notify_stopping() {
  sd_notify(0, "STOPPING=1");
}

}  // namespace loginkit::cli
