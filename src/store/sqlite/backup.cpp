#include "store/sqlite/backup.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <vector>

namespace loginkit::sqlite {
namespace {

namespace fs = std::filesystem;

// A raw connection, closed on every path out.
struct Db {
  sqlite3* db = nullptr;
  Db(const std::string& path, int flags) {
    if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
      throw std::runtime_error("cannot open " + path + ": " + message());
    }
  }
  ~Db() { sqlite3_close_v2(db); }
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;
  std::string message() const { return db ? sqlite3_errmsg(db) : "out of memory"; }

  // The rows of a one-column statement.
  std::vector<std::string> rows(const char* sql) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &s, nullptr) != SQLITE_OK) {
      throw std::runtime_error(message());
    }
    std::vector<std::string> out;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
      auto* text = sqlite3_column_text(s, 0);
      out.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) throw std::runtime_error(message());
    return out;
  }
};

// Deletes a temporary file unless the work that made it completed.
struct TmpFile {
  std::string path;
  bool keep = false;
  ~TmpFile() {
    if (!keep) {
      std::error_code ignored;
      fs::remove(path, ignored);
    }
  }
};

std::string errno_text() {
  return std::strerror(errno);
}

void fsync_path(const std::string& path, bool directory) {
  int fd = ::open(path.c_str(), (directory ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error("cannot open " + path + ": " + errno_text());
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) throw std::runtime_error("fsync " + path + ": " + errno_text());
}

std::string directory_of(const std::string& path) {
  auto dir = fs::path(path).parent_path();
  return dir.empty() ? std::string(".") : dir.string();
}

void check_integrity(Db& d, const std::string& path) {
  auto result = d.rows("PRAGMA integrity_check");
  if (result.size() != 1 || result[0] != "ok") {
    throw std::runtime_error(path + " fails PRAGMA integrity_check: " +
                             (result.empty() ? std::string("no answer") : result[0]));
  }
}

// One file, no -wal beside it: what a backup should be, and what a restore may rename into place.
void leave_wal_mode(Db& d, const std::string& path) {
  auto mode = d.rows("PRAGMA journal_mode=DELETE");
  if (mode.empty() || mode[0] != "delete") {
    throw std::runtime_error("cannot take " + path + " out of WAL mode");
  }
}

}  // namespace

void publish_file(const std::string& tmp, const std::string& dest, bool overwrite) {
  TmpFile guard{tmp};
  fsync_path(tmp, false);
  if (overwrite) {
    if (::rename(tmp.c_str(), dest.c_str()) != 0) {
      throw std::runtime_error("cannot move " + tmp + " to " + dest + ": " + errno_text());
    }
    guard.keep = true;
  } else if (::link(tmp.c_str(), dest.c_str()) != 0) {
    // link, not rename: it fails instead of replacing a file that appeared meanwhile.
    throw std::runtime_error(errno == EEXIST ? dest + " exists; --force replaces it"
                                             : "cannot create " + dest + ": " + errno_text());
  }
  fsync_path(directory_of(dest), true);
}

BackupResult backup_database(const std::string& source, const std::string& dest,
                             const BackupOptions& options) {
  if (!options.overwrite && fs::exists(dest)) {
    throw std::runtime_error(dest + " exists; --force replaces it");
  }
  if (!fs::exists(source)) throw std::runtime_error("no database at " + source);
  Db src(source, SQLITE_OPEN_READWRITE);  // never creates; a WAL reader needs the -shm
  sqlite3_busy_timeout(src.db, 10000);
  // One read transaction across every step. In WAL mode it pins the snapshot the copy shows
  // without blocking the server's writer, and it keeps SQLite from restarting the copy whenever
  // another process commits between two steps: under steady load such a copy never finishes.
  src.rows("BEGIN");
  src.rows("SELECT count(*) FROM sqlite_schema");

  TmpFile tmp{dest + ".tmp"};
  fs::remove(tmp.path);  // left by an interrupted backup
  BackupResult result;
  {
    Db dst(tmp.path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    sqlite3_backup* b = sqlite3_backup_init(dst.db, "main", src.db, "main");
    if (!b) throw std::runtime_error("backup of " + source + ": " + dst.message());
    int rc;
    int busy = 0;
    do {
      rc = sqlite3_backup_step(b, options.pages_per_step);
      ++result.steps;
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
        if (++busy > 200) break;
        sqlite3_sleep(50);
      } else if (rc == SQLITE_OK && options.pause_ms > 0) {
        sqlite3_sleep(options.pause_ms);
      }
    } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    result.pages = sqlite3_backup_pagecount(b);
    sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE) {
      throw std::runtime_error("backup of " + source + " failed: " + sqlite3_errstr(rc));
    }
    src.rows("COMMIT");
    leave_wal_mode(dst, tmp.path);
    check_integrity(dst, tmp.path);
  }
  publish_file(tmp.path, dest, options.overwrite);
  tmp.keep = true;
  return result;
}

int prepare_restore(const std::string& path, int latest_version) {
  Db d(path, SQLITE_OPEN_READWRITE);
  try {
    check_integrity(d, path);
  } catch (const std::runtime_error& e) {
    // A file that is not SQLite at all fails here with "file is not a database".
    throw std::runtime_error("not a usable SQLite database: " + std::string(e.what()));
  }
  auto tables = d.rows(
      "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN "
      "('meta', 'apps', 'grants', 'tokens')");
  auto version = d.rows("PRAGMA user_version");
  int v = version.empty() ? 0 : std::stoi(version[0]);
  if (tables.empty() || tables[0] != "4" || v < 1) {
    throw std::runtime_error("not a loginkit database (no loginkit tables or schema version)");
  }
  if (v > latest_version) {
    throw std::runtime_error("made by a newer loginkit: schema version " + std::to_string(v) +
                             ", this binary knows up to " + std::to_string(latest_version));
  }
  leave_wal_mode(d, path);
  return v;
}

void swap_in_database(const std::string& replacement, const std::string& live,
                      const std::string& keep_old) {
  if (fs::exists(live)) {
    Db d(live, SQLITE_OPEN_READWRITE);
    sqlite3_busy_timeout(d.db, 0);
    // Leaving WAL mode needs the database to itself: a running server keeps its connections
    // open, so this fails while one does. It also folds the WAL into the old file and deletes
    // it, so no stale -wal is left to be replayed onto the restored file.
    try {
      leave_wal_mode(d, live);
    } catch (const std::runtime_error& e) {
      int code = sqlite3_errcode(d.db) & 0xff;
      if (code != SQLITE_BUSY && code != SQLITE_LOCKED) {
        throw std::runtime_error("the current database " + live + ": " + e.what() +
                                 " (move it away by hand if it is damaged)");
      }
      throw std::runtime_error(live + " is in use (is `loginkit serve` running on it?): " +
                               d.message() + "; stop the server, then restore");
    }
  }
  for (const char* suffix : {"-wal", "-shm", "-journal"}) fs::remove(live + suffix);
  if (!keep_old.empty() && fs::exists(live) && ::link(live.c_str(), keep_old.c_str()) != 0) {
    throw std::runtime_error("cannot keep the old database as " + keep_old + ": " + errno_text());
  }
  publish_file(replacement, live, true);
}

}  // namespace loginkit::sqlite
