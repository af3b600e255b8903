#pragma once
// A pool of database connections shared by both engines: a request borrows one for the length of
// a call and gives it back; a connection its engine reports broken is dropped, not reused.
// Connection needs a constructor taking the target string and `bool healthy()`.
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace loginkit {

template <typename Connection>
class ConnectionPool {
 public:
  explicit ConnectionPool(std::string target) : target_(std::move(target)) {}

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
    {
      std::lock_guard lock(mu_);
      if (!idle_.empty()) {
        auto c = std::move(idle_.back());
        idle_.pop_back();
        return Lease(*this, std::move(c));
      }
    }
    return Lease(*this, std::make_unique<Connection>(target_));
  }

 private:
  void give_back(std::unique_ptr<Connection> c) {
    if (!c || !c->healthy()) return;
    std::lock_guard lock(mu_);
    idle_.push_back(std::move(c));
  }

  std::string target_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

}  // namespace loginkit
