#include "store/sqlite/sqlite_housekeeping.hpp"

namespace loginkit {

// One bounded batch in the writer's queue like any other write: requests never wait long.
std::int64_t SqliteHousekeeping::purge_expired(UnixSeconds before, int limit) {
  return db_.writer.run([&](sqlite::Connection& c) {
    std::int64_t gone = 0;
    for (const char* sql :
         {"DELETE FROM codes WHERE rowid IN (SELECT rowid FROM codes WHERE expires_at < ? LIMIT ?)",
          "DELETE FROM tokens WHERE id IN (SELECT id FROM tokens WHERE expires_at < ? LIMIT ?)",
          "DELETE FROM sessions WHERE hash IN (SELECT hash FROM sessions WHERE expires_at < ? "
          "LIMIT ?)"}) {
      c.prepare(sql).bind_all(before, limit).run();
      gone += c.changes();
    }
    return gone;
  });
}

}  // namespace loginkit
