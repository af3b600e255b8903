#pragma once
// Thin RAII over the sqlite3 C API: a connection with a prepared-statement cache, a statement
// binder, and a pool so each request thread borrows its own connection (WAL lets readers run
// beside the one writer).
#include <sqlite3.h>

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "store/connection_pool.hpp"

namespace loginkit::sqlite {

class Stmt {
 public:
  explicit Stmt(sqlite3_stmt* s) : s_(s) {}
  ~Stmt() {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  Stmt& bind(int i, std::int64_t v);
  Stmt& bind(int i, int v) { return bind(i, static_cast<std::int64_t>(v)); }
  Stmt& bind(int i, bool v) { return bind(i, static_cast<std::int64_t>(v)); }
  Stmt& bind(int i, std::string_view v);
  Stmt& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
  Stmt& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
  Stmt& bind_null(int i);
  Stmt& bind_blob(int i, std::string_view bytes);
  template <typename... Args>
  Stmt& bind_all(const Args&... args) {
    int i = 1;
    (bind(i++, args), ...);
    return *this;
  }

  bool step();  // true while a row is available
  void run() { step(); }
  std::int64_t i64(int col) const { return sqlite3_column_int64(s_, col); }
  std::string text(int col) const;
  std::string blob(int col) const;
  bool is_null(int col) const { return sqlite3_column_type(s_, col) == SQLITE_NULL; }

 private:
  sqlite3_stmt* s_;
};

class Connection {
 public:
  explicit Connection(const std::string& path);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  void exec(const std::string& sql);
  Stmt prepare(const std::string& sql);  // cached per connection
  // Text that lives as long as the process (a literal): cached by its address, so the hot path
  // neither copies nor hashes the SQL.
  Stmt prepare(const char* literal);
  int changes() const { return sqlite3_changes(db_); }
  std::int64_t last_insert_id() const { return sqlite3_last_insert_rowid(db_); }
  sqlite3* raw() { return db_; }
  bool healthy() const { return db_ != nullptr; }

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* compile(std::string_view sql);
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
  std::unordered_map<const char*, sqlite3_stmt*> literal_cache_;
};

// BEGIN IMMEDIATE takes the write lock up front, so two writers never deadlock on upgrade.
class WriteTxn {
 public:
  explicit WriteTxn(Connection& c) : c_(c) { c_.exec("BEGIN IMMEDIATE"); }
  ~WriteTxn() {
    if (!done_) {
      try {
        c_.exec("ROLLBACK");
      } catch (...) {
      }
    }
  }
  void commit() {
    c_.exec("COMMIT");
    done_ = true;
  }

 private:
  Connection& c_;
  bool done_ = false;
};

using Pool = ConnectionPool<Connection>;

}  // namespace loginkit::sqlite
