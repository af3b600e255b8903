#include "store/postgres/pg_store.hpp"

#include "store/postgres/pg_migrations.hpp"

namespace loginkit {
namespace {

// Several nodes may start at once: one migrates while the others wait on this lock.
constexpr const char* kMigrationLock = "SELECT pg_advisory_lock(7482730001)";
constexpr const char* kMigrationUnlock = "SELECT pg_advisory_unlock(7482730001)";

}  // namespace

void PgStore::migrate() {
  auto c = db_.pool.lease();
  c->exec(kMigrationLock);
  try {
    c->exec("CREATE TABLE IF NOT EXISTS schema_version(version INTEGER NOT NULL)");
    auto v = c->exec("SELECT version FROM schema_version");
    int version = v.empty() ? 0 : static_cast<int>(v.i64(0, 0));
    const auto& all = pg::migrations();
    for (auto i = static_cast<std::size_t>(version); i < all.size(); ++i) {
      pg::Txn txn(*c);
      c->exec_script(all[i]);
      c->exec("DELETE FROM schema_version");
      c->exec("INSERT INTO schema_version(version) VALUES ($1)",
              {pg::str(static_cast<int>(i + 1))});
      txn.commit();
    }
  } catch (...) {
    c->exec(kMigrationUnlock);
    throw;
  }
  c->exec(kMigrationUnlock);
}

int PgStore::schema_version() {
  auto c = db_.pool.lease();
  auto r = c->exec(
      "SELECT COALESCE((SELECT version FROM schema_version LIMIT 1), 0) WHERE "
      "to_regclass('schema_version') IS NOT NULL");
  return r.empty() ? 0 : static_cast<int>(r.i64(0, 0));
}

int PgStore::latest_schema_version() const {
  return static_cast<int>(pg::migrations().size());
}

bool PgStore::reachable() {
  pg::Connection fresh(db_.conninfo);
  return !fresh.exec("SELECT 1").empty();
}

}  // namespace loginkit
