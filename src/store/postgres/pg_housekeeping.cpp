#include "store/postgres/pg_housekeeping.hpp"

namespace loginkit {
namespace {

using pg::str;

}  // namespace

// Several nodes share the database: whoever gets the advisory lock purges, the others skip.
std::int64_t PgHousekeeping::purge_expired(UnixSeconds before, int limit) {
  auto c = db_.pool.lease();
  if (!c->exec("SELECT pg_try_advisory_lock(7482730002)").flag(0, 0)) return 0;
  std::int64_t gone = 0;
  try {
    for (const char* sql :
         {"DELETE FROM codes WHERE id IN (SELECT id FROM codes WHERE expires_at < $1 LIMIT $2)",
          "DELETE FROM tokens WHERE id IN (SELECT id FROM tokens WHERE expires_at < $1 LIMIT $2)",
          "DELETE FROM sessions WHERE hash IN (SELECT hash FROM sessions WHERE expires_at < $1 "
          "LIMIT $2)"}) {
      gone += c->exec(sql, {str(before), str(limit)}).affected();
    }
  } catch (...) {
    c->exec("SELECT pg_advisory_unlock(7482730002)");
    throw;
  }
  c->exec("SELECT pg_advisory_unlock(7482730002)");
  return gone;
}

}  // namespace loginkit
