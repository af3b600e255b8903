#pragma once
// Thin RAII over libpq: connections from a pool, parameterised statements in text format, and a
// transaction guard. Results are read as text and converted by the caller.
#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace loginkit::pg {

using Param = std::optional<std::string>;  // nullopt = SQL NULL

class Rows {
 public:
  explicit Rows(PGresult* r) : r_(r) {}
  ~Rows() { PQclear(r_); }
  Rows(Rows&& o) noexcept : r_(o.r_) { o.r_ = nullptr; }
  Rows(const Rows&) = delete;
  Rows& operator=(const Rows&) = delete;

  int size() const { return PQntuples(r_); }
  bool empty() const { return size() == 0; }
  std::string text(int row, int col) const { return PQgetvalue(r_, row, col); }
  std::int64_t i64(int row, int col) const;
  bool flag(int row, int col) const;  // boolean column ('t'/'f')
  bool is_null(int row, int col) const { return PQgetisnull(r_, row, col) == 1; }
  long affected() const;  // rows touched by INSERT/UPDATE/DELETE

 private:
  PGresult* r_;
};

class Connection {
 public:
  explicit Connection(const std::string& conninfo);
  ~Connection() { PQfinish(c_); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  Rows exec(const std::string& sql, const std::vector<Param>& params = {});
  // Several statements at once, no parameters (schema migrations).
  void exec_script(const std::string& sql);
  bool healthy() const { return PQstatus(c_) == CONNECTION_OK; }

 private:
  PGconn* c_ = nullptr;
};

// Commits explicitly; rolls back when left by an exception or an early return.
class Txn {
 public:
  explicit Txn(Connection& c) : c_(c) { c_.exec("BEGIN"); }
  ~Txn();
  void commit() {
    c_.exec("COMMIT");
    done_ = true;
  }

 private:
  Connection& c_;
  bool done_ = false;
};

class Pool {
 public:
  explicit Pool(std::string conninfo) : conninfo_(std::move(conninfo)) {}
  class Lease {
   public:
    Lease(Pool& p, std::unique_ptr<Connection> c) : pool_(p), c_(std::move(c)) {}
    ~Lease();
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Connection& operator*() { return *c_; }
    Connection* operator->() { return c_.get(); }

   private:
    Pool& pool_;
    std::unique_ptr<Connection> c_;
  };
  Lease lease();

 private:
  friend class Lease;
  std::string conninfo_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

std::string str(std::int64_t v);

}  // namespace loginkit::pg
