#include "store/postgres/pg_db.hpp"

#include <cstring>
#include <stdexcept>

#include "core/suspend.hpp"
#include "store/store.hpp"

namespace loginkit::pg {

std::int64_t Rows::i64(int row, int col) const {
  return is_null(row, col) ? 0 : std::stoll(PQgetvalue(r_, row, col));
}

bool Rows::flag(int row, int col) const {
  return PQgetvalue(r_, row, col)[0] == 't';
}

long Rows::affected() const {
  const char* n = PQcmdTuples(r_);
  return n && *n ? std::stol(n) : 0;
}

Connection::Connection(const std::string& conninfo) {
  // Every libpq call waits on the network: inside a request fiber it runs on the blocking pool.
  c_ = run_blocking([&] { return PQconnectdb(conninfo.c_str()); });
  if (PQstatus(c_) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(c_);
    PQfinish(c_);
    c_ = nullptr;
    throw std::runtime_error("postgres: cannot connect: " + msg);
  }
  // Server NOTICEs ("already exists, skipping") are not ours to print.
  PQsetNoticeProcessor(
      c_, [](void*, const char*) {}, nullptr);
}

void Connection::exec_script(const std::string& sql) {
  PGresult* r = run_blocking([&] { return PQexec(c_, sql.c_str()); });
  auto status = PQresultStatus(r);
  std::string msg = PQresultErrorMessage(r);
  PQclear(r);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    throw std::runtime_error("postgres: migration failed: " + msg);
  }
}

Rows Connection::exec(const std::string& sql, const std::vector<Param>& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
  int n = static_cast<int>(values.size());
  PGresult* r = run_blocking([&] {
    auto it = prepared_.find(sql);
    if (it == prepared_.end()) {
      std::string name = "lk" + std::to_string(prepared_.size());
      PGresult* p = PQprepare(c_, name.c_str(), sql.c_str(), n, nullptr);
      if (PQresultStatus(p) != PGRES_COMMAND_OK) return p;  // reported below like any failure
      PQclear(p);
      it = prepared_.emplace(sql, std::move(name)).first;
    }
    return PQexecPrepared(c_, it->second.c_str(), n, values.data(), nullptr, nullptr, 0);
  });
  auto status = PQresultStatus(r);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    std::string msg = PQresultErrorMessage(r);
    const char* state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    bool duplicate = state && std::strcmp(state, "23505") == 0;  // unique_violation
    PQclear(r);
    if (duplicate) throw DuplicateKey(msg);
    throw std::runtime_error("postgres: " + msg + " in: " + sql.substr(0, 80));
  }
  return Rows(r);
}

Txn::~Txn() {
  if (done_) return;
  try {
    c_.exec("ROLLBACK");
  } catch (...) {
  }
}

std::string str(std::int64_t v) {
  return std::to_string(v);
}

}  // namespace loginkit::pg
