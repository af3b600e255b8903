#include "store/sqlite/sqlite_store.hpp"

#include <sys/stat.h>

#include "store/sqlite/migrations.hpp"

namespace loginkit {

SqliteStore::SqliteStore(const std::string& path) : db_(path) {
  struct stat st {};
  if (::stat(db_.path.c_str(), &st) == 0) {
    opened_inode_ = st.st_ino;
    opened_device_ = st.st_dev;
  }
}

void SqliteStore::migrate() {
  auto c = db_.pool.lease();
  sqlite::WriteTxn txn(*c);
  int version = 0;
  {
    auto s = c->prepare("PRAGMA user_version");
    if (s.step()) version = static_cast<int>(s.i64(0));
  }
  const auto& all = sqlite::migrations();
  for (auto i = static_cast<std::size_t>(version); i < all.size(); ++i) c->exec(all[i]);
  c->exec("PRAGMA user_version = " + std::to_string(all.size()));
  txn.commit();
}

int SqliteStore::schema_version() {
  auto c = db_.pool.lease();
  auto s = c->prepare("PRAGMA user_version");
  return s.step() ? static_cast<int>(s.i64(0)) : 0;
}

int SqliteStore::latest_schema_version() const {
  return static_cast<int>(sqlite::migrations().size());
}

// The database is reachable when the file we opened at start is still the one at its path (a
// connection would keep reading a deleted or replaced file) and answers a read. The probe opens
// read-only, never creates, and changes no journal mode, so it cannot disturb a stand-in file or
// fold the live WAL into it.
bool SqliteStore::reachable() {
  struct stat now {};
  if (::stat(db_.path.c_str(), &now) != 0 || now.st_ino != opened_inode_ ||
      now.st_dev != opened_device_) {
    return false;
  }
  sqlite3* db = nullptr;
  bool ok = sqlite3_open_v2(db_.path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK &&
            sqlite3_exec(db, "SELECT count(*) FROM meta", nullptr, nullptr, nullptr) == SQLITE_OK;
  sqlite3_close(db);
  return ok;
}

}  // namespace loginkit
