#include "store/sqlite/write_batcher.hpp"

#include <chrono>

namespace loginkit::sqlite {
namespace {
constexpr std::size_t kMaxBatch = 512;  // bounds one transaction's size and latency
}

WriteBatcher::WriteBatcher(const std::string& path) : conn_(path), thread_([this] { loop(); }) {}

WriteBatcher::~WriteBatcher() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void WriteBatcher::submit(std::function<void(Connection&)> work) {
  Job job{std::move(work), nullptr, false};
  {
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
    conn_.exec("BEGIN IMMEDIATE");
    for (Job* job : batch) {
      conn_.exec("SAVEPOINT w");
      try {
        job->work(conn_);
        conn_.exec("RELEASE w");
      } catch (...) {
        job->error = std::current_exception();
        conn_.exec("ROLLBACK TO w");
        conn_.exec("RELEASE w");
      }
    }
    conn_.exec("COMMIT");
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
  {
    std::lock_guard lock(mu_);
    for (Job* job : batch) {
      if (commit_error) job->error = commit_error;
      job->done = true;
    }
  }
  finished_.notify_all();
}

}  // namespace loginkit::sqlite
