#pragma once
// Group commit (DESIGN.md "Durability and speed, together"): request threads hand their writes to
// one writer thread, which runs every write waiting at that moment inside one transaction, each
// in its own savepoint, and commits once (one fsync). Each caller is released only after the
// commit that made its write durable, so an acknowledged write survives a crash, and a write that
// fails rolls back alone.
#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <type_traits>

#include "core/suspend.hpp"
#include "store/sqlite/checkpointer.hpp"
#include "store/sqlite/sqlite_db.hpp"

namespace loginkit::sqlite {

class WriteBatcher {
 public:
  // Called after each commit with the number of writes in it and the seconds it took.
  using CommitObserver = std::function<void(std::size_t writes, double seconds)>;

  explicit WriteBatcher(const std::string& path);
  ~WriteBatcher();
  WriteBatcher(const WriteBatcher&) = delete;
  WriteBatcher& operator=(const WriteBatcher&) = delete;

  // Runs `work` on the writer's connection inside the next batch; returns its result once the
  // batch is committed. Rethrows what `work` threw (its savepoint is rolled back) or what the
  // commit threw.
  template <typename F>
  auto run(F&& work) -> std::invoke_result_t<F&, Connection&> {
    using R = std::invoke_result_t<F&, Connection&>;
    if constexpr (std::is_void_v<R>) {
      submit([&](Connection& c) { work(c); });
    } else {
      std::optional<R> result;
      submit([&](Connection& c) { result.emplace(work(c)); });
      return std::move(*result);
    }
  }

  void set_observer(CommitObserver observer) { observer_ = std::move(observer); }
  const Checkpointer& checkpointer() const { return checkpointer_; }

 private:
  // Lives on the caller's stack. The writer touches it only under mu_, and the caller leaves
  // only after seeing `done` under mu_, so it is never used after the caller returns (a
  // std::promise would not give that: set_value may still run after get() has returned). A
  // caller parked in a fiber (core/suspend.hpp) is resumed through `wake` instead, which the
  // writer moves out under mu_ before it calls it.
  struct Job {
    std::function<void(Connection&)> work;
    std::exception_ptr error;
    bool done = false;
    Wake wake;
  };
  void submit(std::function<void(Connection&)> work);
  void loop();
  void run_batch(std::deque<Job*>& batch);

  Connection conn_;
  std::mutex mu_;
  std::condition_variable wake_;      // writer: work arrived
  std::condition_variable finished_;  // callers: a batch was committed
  std::deque<Job*> queue_;
  bool stopping_ = false;
  CommitObserver observer_;
  Checkpointer checkpointer_;  // checkpoints the WAL off this writer's path
  std::thread thread_;         // last: starts after everything above exists
};

}  // namespace loginkit::sqlite
