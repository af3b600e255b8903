#pragma once
// A pool of database connections shared by both engines: a request borrows one for the length of
// a call and gives it back; a connection its engine reports broken is dropped, not reused.
// Connection needs a constructor taking the target string and `bool healthy()`.
//
// With a limit, at most `max` connections exist; a caller finding none free waits for one that is
// given back. Request fibers can outnumber threads by far (core/suspend.hpp), so without the
// limit every waiting request would open its own database connection. A fiber parks while it
// waits; any other caller blocks.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "core/suspend.hpp"

namespace loginkit {

template <typename Connection>
class ConnectionPool {
 public:
  // max 0: no limit.
  explicit ConnectionPool(std::string target, std::size_t max = 0)
      : target_(std::move(target)), max_(max) {}

  class Lease {
   public:
    Lease(ConnectionPool& pool, std::unique_ptr<Connection> c) : pool_(pool), c_(std::move(c)) {}
    ~Lease() { pool_.give_back(std::move(c_)); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Connection& operator*() { return *c_; }
    Connection* operator->() { return c_.get(); }

   private:
    ConnectionPool& pool_;
    std::unique_ptr<Connection> c_;
  };

  Lease lease() {
    std::unique_lock lock(mu_);
    if (!idle_.empty()) {
      auto c = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(c));
    }
    if (max_ == 0 || open_ < max_) {
      ++open_;
      lock.unlock();
      return open_counted();
    }
    // Full: wait for a connection handed over by give_back (or for the right to open one, when
    // a broken connection was dropped).
    Waiter w;
    waiters_.push_back(&w);
    if (Suspender* fiber = current_suspender()) {
      lock.unlock();
      fiber->suspend([&](const Wake& wake) {
        std::lock_guard relock(mu_);
        if (w.ready) {
          wake();
        } else {
          w.wake = wake;
        }
      });
      lock.lock();
    } else {
      handed_.wait(lock, [&] { return w.ready; });
    }
    if (w.connection) return Lease(*this, std::move(w.connection));
    lock.unlock();  // w.ready without a connection: open_ was kept for us
    return open_counted();
  }

 private:
  struct Waiter {
    bool ready = false;
    std::unique_ptr<Connection> connection;  // empty when it may open a new one instead
    Wake wake;
  };

  // Opens a connection in a slot already counted in open_; gives the slot back if that fails.
  Lease open_counted() {
    try {
      return Lease(*this, std::make_unique<Connection>(target_));
    } catch (...) {
      std::lock_guard lock(mu_);
      --open_;
      throw;
    }
  }

  void give_back(std::unique_ptr<Connection> c) {
    Wake wake;
    {
      std::lock_guard lock(mu_);
      if (c && !c->healthy()) c.reset();
      if (!c && open_ > 0 && waiters_.empty()) --open_;
      if (!waiters_.empty()) {
        Waiter* w = waiters_.front();
        waiters_.pop_front();
        w->connection = std::move(c);  // null: the waiter opens a fresh one in our slot
        w->ready = true;
        wake = std::move(w->wake);
      } else if (c) {
        idle_.push_back(std::move(c));
      }
    }
    handed_.notify_all();
    if (wake) wake();
  }

  std::string target_;
  std::size_t max_;
  std::mutex mu_;
  std::condition_variable handed_;
  std::vector<std::unique_ptr<Connection>> idle_;
  std::deque<Waiter*> waiters_;
  std::size_t open_ = 0;
};

}  // namespace loginkit
