#pragma once
// Blocking calls that give their thread back (DESIGN.md "Durability and speed, together").
// Request handlers run on a few event-loop threads, one per core, each inside a stackful fiber.
// Code that must wait (a write for its group commit, a PostgreSQL round trip, a password hash)
// asks the current Suspender to park its fiber instead of blocking the thread; outside a fiber
// (the CLI, tests, background threads) the same code simply blocks. No Asio here: the http shell
// provides the Suspender.
#include <cstddef>
#include <exception>
#include <functional>
#include <optional>
#include <type_traits>
#include <utility>

namespace loginkit {

// Resumes a suspended caller. Called exactly once, from any thread.
using Wake = std::function<void()>;

class Suspender {
 public:
  virtual ~Suspender() = default;
  // Parks the caller, then calls `start(wake)`; returns once `wake` has been called. `start` runs
  // only after the caller is parked, so `wake` may be called at once, from any thread.
  virtual void suspend(const std::function<void(Wake)>& start) = 0;
};

// The Suspender of the fiber running on this thread, or nullptr. Out of line on purpose: a fiber
// may resume on another thread, and an inlined thread-local access could reuse the old thread's
// address after the switch.
Suspender* current_suspender();
void set_current_suspender(Suspender* s);

// Runs `work` on a thread of a shared blocking pool while the current fiber is parked; inline
// when there is no fiber. Returns what `work` returns, rethrows what it throws.
void run_blocking_erased(const std::function<void()>& work);
// Threads in that pool: how many blocking calls can be in progress at once (engines size their
// connection pools by it).
std::size_t blocking_threads();

template <typename F>
auto run_blocking(F&& work) -> std::invoke_result_t<F&> {
  using R = std::invoke_result_t<F&>;
  if (!current_suspender()) return work();
  if constexpr (std::is_void_v<R>) {
    run_blocking_erased([&] { work(); });
  } else {
    std::optional<R> result;
    run_blocking_erased([&] { result.emplace(work()); });
    return std::move(*result);
  }
}

}  // namespace loginkit
