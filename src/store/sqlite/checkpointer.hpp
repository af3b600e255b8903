#pragma once
// WAL checkpoints off the writer's path. By default SQLite checkpoints inside the COMMIT that
// takes the WAL past 1000 pages, on the committing connection: the group commit (and every
// request parked on it) would wait for pages to be copied into the database file and fsynced.
// Here the writer's connection reports the WAL's size after each commit (a wal hook, which also
// turns its auto-checkpoint off) and a thread of our own runs PASSIVE checkpoints on its own
// connection once the WAL passes `passive_pages`: they never block the writer or readers. If
// readers keep the WAL from being reset and it still grows past `restart_pages`, a RESTART
// checkpoint bounds it (that one briefly waits for readers and holds off the writer). Durability
// is the commit's: every commit is fsynced to the WAL (synchronous=FULL) before it is
// acknowledged, checkpoint or not.
#include <sqlite3.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

namespace loginkit::sqlite {

class Checkpointer {
 public:
  static constexpr int kPassivePages = 1000;     // SQLite's own default threshold (~4 MiB)
  static constexpr int kRestartPages = 1 << 16;  // 256 MiB of WAL: hold the writer, reset it

  // Installs the wal hook on `writer` (call before the writer's thread starts using it).
  Checkpointer(const std::string& path, sqlite3* writer, int passive_pages = kPassivePages,
               int restart_pages = kRestartPages);
  ~Checkpointer();
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  std::int64_t checkpoints_run() const { return runs_.load(); }

 private:
  static int on_commit(void* self, sqlite3* db, const char* schema, int pages);
  void loop();

  std::string path_;
  int passive_pages_;
  int restart_pages_;
  std::mutex mu_;
  std::condition_variable wake_;
  int pending_pages_ = 0;  // the WAL's size at the last commit that asked for a checkpoint
  bool stopping_ = false;
  std::atomic<std::int64_t> runs_{0};
  std::thread thread_;  // last: starts after everything above exists
};

}  // namespace loginkit::sqlite
