#pragma once
// Tells whether anyone committed to a SQLite database since the last look, for the read cache
// (store/cached/), without a syscall: it reads the WAL-index header in the database's -shm file
// through SQLite's own mapping of it (the VFS's xShmMap on a connection of the probe's own; opening
// the file itself would drop this process's POSIX locks on it when closed). SQLite rewrites that
// header on every commit of every connection (this process's writer, or another process: the CLI, a
// second server), bumping its change counter; its layout is part of SQLite's documented,
// cross-version WAL format (https://www.sqlite.org/walformat.html, "The WAL-Index Header"). A
// header caught mid-update, or a header that cannot be mapped, reads as "changed" (so the cache is
// dropped, never trusted). PRAGMA data_version on a connection of the probe's own does the same
// with a read transaction (two fcntl locks and an fstat, ~5 µs); it stays as the fallback and as
// the tests' reference.
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

namespace loginkit::sqlite {

class Connection;

class ChangeProbe {
 public:
  explicit ChangeProbe(const std::string& path);
  ~ChangeProbe();
  ChangeProbe(const ChangeProbe&) = delete;
  ChangeProbe& operator=(const ChangeProbe&) = delete;

  // Changes after every commit made by any connection; otherwise the same value. Lock-free.
  std::uint64_t version();
  // PRAGMA data_version: changes after every commit made by any other connection than the
  // probe's own (which never writes).
  std::uint64_t data_version();
  bool maps_wal_index() const { return header_ != nullptr; }

 private:
  std::mutex mu_;                     // the connection
  std::unique_ptr<Connection> conn_;  // keeps the -shm file open (and so never truncated)
  const volatile std::uint32_t* header_ = nullptr;  // the WAL index's first region (SQLite's map)
  std::atomic<std::uint64_t> unknown_{0};           // "changed" answers: a new value each time
};

}  // namespace loginkit::sqlite
