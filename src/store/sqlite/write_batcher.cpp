#include "store/sqlite/write_batcher.hpp"

#include <chrono>
#include <vector>

namespace loginkit::sqlite {
namespace {
constexpr std::size_t kMaxBatch = 512;  // bounds one transaction's size and latency
}

WriteBatcher::WriteBatcher(const std::string& path)
    : conn_(path), checkpointer_(path, conn_.raw()), thread_([this] { loop(); }) {}

WriteBatcher::~WriteBatcher() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void WriteBatcher::submit(std::function<void(Connection&)> work) {
  Job job{std::move(work), nullptr, false, {}};
  if (Suspender* fiber = current_suspender()) {
    // The event-loop thread goes on serving other requests until this batch is durable.
    fiber->suspend([&](Wake wake) {
      {
        std::lock_guard lock(mu_);
        job.wake = std::move(wake);
        queue_.push_back(&job);
      }
      wake_.notify_one();
    });
  } else {
    std::unique_lock lock(mu_);
    queue_.push_back(&job);
    wake_.notify_one();
    finished_.wait(lock, [&] { return job.done; });
  }
  if (job.error) std::rethrow_exception(job.error);
}

void WriteBatcher::loop() {
  for (;;) {
    std::deque<Job*> batch;
    {
      std::unique_lock lock(mu_);
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and nothing left to write
      while (!queue_.empty() && batch.size() < kMaxBatch) {
        batch.push_back(queue_.front());
        queue_.pop_front();
      }
    }
    run_batch(batch);
  }
}

void WriteBatcher::run_batch(std::deque<Job*>& batch) {
  auto started = std::chrono::steady_clock::now();
  std::exception_ptr commit_error;
  try {
    // Prepared once: sqlite3_exec would parse these four statements again for every write.
    conn_.prepare("BEGIN IMMEDIATE").run();
    for (Job* job : batch) {
      conn_.prepare("SAVEPOINT w").run();
      try {
        job->work(conn_);
        conn_.prepare("RELEASE w").run();
      } catch (...) {
        job->error = std::current_exception();
        conn_.prepare("ROLLBACK TO w").run();
        conn_.prepare("RELEASE w").run();
      }
    }
    conn_.prepare("COMMIT").run();
  } catch (...) {
    // Nothing of this batch is durable: every caller hears so.
    commit_error = std::current_exception();
    try {
      conn_.exec("ROLLBACK");
    } catch (...) {
    }
  }
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (observer_) observer_(batch.size(), seconds);
  std::vector<Wake> wakes;
  {
    std::lock_guard lock(mu_);
    for (Job* job : batch) {
      if (commit_error) job->error = commit_error;
      job->done = true;
      if (job->wake) wakes.push_back(std::move(job->wake));
    }
  }
  finished_.notify_all();
  // After a wake the job's fiber may run and free the job: only the moved-out wakes are used.
  for (auto& w : wakes) w();
}

}  // namespace loginkit::sqlite
