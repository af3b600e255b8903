#include "cli/housekeeper.hpp"

#include <unistd.h>

#include "core/log_line.hpp"

namespace loginkit::cli {

Housekeeper::Housekeeper(Store& store, const Clock& clock, const HousekeepingConfig& config,
                         Metrics& metrics)
    : store_(store), clock_(clock), config_(config), metrics_(metrics) {
  if (config_.interval_seconds > 0) thread_ = std::thread([this] { loop(); });
}

Housekeeper::~Housekeeper() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::int64_t Housekeeper::run_once() {
  std::int64_t total = 0;
  for (;;) {
    auto gone = store_.housekeeping().purge_expired(clock_.now() - config_.grace_seconds,
                                                    static_cast<int>(config_.batch));
    // Deny-list entries of tokens that have expired anyway.
    gone += store_.revoked_tokens().purge_denied(clock_.now() - config_.grace_seconds,
                                                 static_cast<int>(config_.batch));
    total += gone;
    if (gone < config_.batch) break;  // the last batch was not full: nothing more to do now
    std::unique_lock lock(mu_);
    // A short pause between batches leaves the write path to requests.
    if (wake_.wait_for(lock, std::chrono::milliseconds(50), [&] { return stopping_; })) break;
  }
  if (total > 0) metrics_.count("loginkit_housekeeping_purged_total", {}, total);
  return total;
}

void Housekeeper::loop() {
  for (;;) {
    {
      std::unique_lock lock(mu_);
      if (wake_.wait_for(lock, std::chrono::seconds(config_.interval_seconds),
                         [&] { return stopping_; })) {
        return;
      }
    }
    try {
      run_once();
    } catch (const std::exception& e) {
      write_log_line(STDERR_FILENO,
                     {{"level", "error"}, {"what", std::string("housekeeping: ") + e.what()}});
    }
  }
}

}  // namespace loginkit::cli
