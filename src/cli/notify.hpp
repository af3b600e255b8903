#pragma once
// Readiness for systemd's Type=notify: READY=1 once every listener accepts; RELOADING=1 when a
// reload begins and READY=1 again when it ends (applied or refused); STOPPING=1 when the drain
// begins. Without NOTIFY_SOCKET (not started by systemd) these do nothing.
#include <atomic>

namespace loginkit::cli {

class ReadyLatch {
 public:
  explicit ReadyLatch(int listeners) : pending_(listeners) {}
  // One listener is accepting; the last one to arrive tells systemd the service is ready.
  void arrive();

 private:
  std::atomic<int> pending_;
};

void notify_reloading();
void notify_ready();
void notify_stopping();

}  // namespace loginkit::cli
