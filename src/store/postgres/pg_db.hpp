#pragma once
// Thin RAII over libpq: connections from a pool, parameterised statements in text format (prepared
// once per connection), and a transaction guard. Results are read as text and converted by the
// caller.
#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/connection_pool.hpp"

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
  // Statement text -> server-side prepared statement name: parsed and planned once per
  // connection instead of once per call.
  std::unordered_map<std::string, std::string> prepared_;
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

using Pool = ConnectionPool<Connection>;

std::string str(std::int64_t v);

}  // namespace loginkit::pg
