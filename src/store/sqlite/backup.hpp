#pragma once
// Online backup and restore of the SQLite database file, through SQLite's backup API. The CLI's
// `db backup` and `db restore` are thin wrappers; nothing outside this engine sees SQLite.
#include <string>

namespace loginkit::sqlite {

struct BackupOptions {
  int pages_per_step = 1024;  // pages copied per sqlite3_backup_step call
  int pause_ms = 0;           // sleep between steps, to leave the disk to the server
  bool overwrite = false;     // replace an existing destination
};

struct BackupResult {
  int pages = 0;
  int steps = 0;
};

// Copies the database at `source` (which a running server may be writing to) into a new file
// `dest`: a consistent snapshot of one moment, written to dest.tmp, checked with PRAGMA
// integrity_check, fsynced, then moved into place. Refuses an existing `dest` unless
// options.overwrite. Throws std::runtime_error saying what went wrong; on failure `dest` is
// untouched and no dest.tmp is left behind.
BackupResult backup_database(const std::string& source, const std::string& dest,
                             const BackupOptions& options = {});

// Checks that `path` (a private copy the caller may change) is a loginkit database this binary
// can open: a SQLite file, PRAGMA integrity_check "ok", loginkit's tables, and a schema version
// from 1 to `latest_version`. Makes it one self-contained file (rollback journal mode, no -wal).
// Returns its schema version; throws std::runtime_error naming the problem.
int prepare_restore(const std::string& path, int latest_version);

// Atomically replaces the database at `live` with `replacement` (a file in the same directory,
// checked by prepare_restore). Refuses, changing nothing, when any other process has `live` open
// (a running server does). When `keep_old` is not empty the previous file stays there.
void swap_in_database(const std::string& replacement, const std::string& live,
                      const std::string& keep_old);

// Moves the finished file `tmp` to `dest` durably: fsync, then link (refusing an existing dest)
// or rename (overwrite), then fsync of the directory. `tmp` is gone afterwards either way.
void publish_file(const std::string& tmp, const std::string& dest, bool overwrite);

}  // namespace loginkit::sqlite
