#pragma once
// Purges expired codes, tokens and sessions in the background, in small batches, so the tables
// do not grow forever and requests never wait behind a big delete.
#include <condition_variable>
#include <mutex>
#include <thread>

#include "core/clock.hpp"
#include "core/config.hpp"
#include "core/metrics.hpp"
#include "store/store.hpp"

namespace loginkit::cli {

class Housekeeper {
 public:
  Housekeeper(Store& store, const Clock& clock, const HousekeepingConfig& config, Metrics& metrics);
  ~Housekeeper();  // stops and joins
  Housekeeper(const Housekeeper&) = delete;
  Housekeeper& operator=(const Housekeeper&) = delete;

  // One full pass (all batches); returns rows purged.
  std::int64_t run_once();

 private:
  void loop();
  Store& store_;
  const Clock& clock_;
  HousekeepingConfig config_;
  Metrics& metrics_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace loginkit::cli
