#include "core/suspend.hpp"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

namespace loginkit {
namespace {

thread_local Suspender* tl_suspender = nullptr;

// Threads that run blocking work for parked fibers. Sized like the old all-blocking server
// (8 per core, at least 32) so PostgreSQL keeps as many round trips in flight as before.
class BlockingPool {
 public:
  BlockingPool() {
    for (std::size_t i = 0; i < blocking_threads(); ++i) {
      std::thread([this] { loop(); }).detach();  // lives as long as the process
    }
  }
  void post(std::function<void()> job) {
    {
      std::lock_guard lock(mu_);
      jobs_.push_back(std::move(job));
    }
    ready_.notify_one();
  }

 private:
  void loop() {
    for (;;) {
      std::function<void()> job;
      {
        std::unique_lock lock(mu_);
        ready_.wait(lock, [&] { return !jobs_.empty(); });
        job = std::move(jobs_.front());
        jobs_.pop_front();
      }
      job();
    }
  }
  std::mutex mu_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> jobs_;
};

BlockingPool& blocking_pool() {
  static auto* pool = new BlockingPool;  // never destroyed: its threads may outlive main
  return *pool;
}

}  // namespace

std::size_t blocking_threads() {
  return std::max(32u, 8 * std::thread::hardware_concurrency());
}

__attribute__((noinline)) Suspender* current_suspender() {
  return tl_suspender;
}

__attribute__((noinline)) void set_current_suspender(Suspender* s) {
  tl_suspender = s;
}

void run_blocking_erased(const std::function<void()>& work) {
  Suspender* s = current_suspender();
  if (!s) return work();
  std::exception_ptr error;
  s->suspend([&](Wake wake) {
    blocking_pool().post([&work, &error, wake = std::move(wake)] {
      try {
        work();
      } catch (...) {
        error = std::current_exception();
      }
      wake();
    });
  });
  if (error) std::rethrow_exception(error);
}

}  // namespace loginkit
