#include "cli/notify.hpp"

#include <systemd/sd-daemon.h>

namespace loginkit::cli {

void ReadyLatch::arrive() {
  if (pending_.fetch_sub(1) == 1) sd_notify(0, "READY=1");
}

void notify_stopping() {
  sd_notify(0, "STOPPING=1");
}

}  // namespace loginkit::cli
