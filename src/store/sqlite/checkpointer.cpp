#include "store/sqlite/checkpointer.hpp"

namespace loginkit::sqlite {

Checkpointer::Checkpointer(const std::string& path, sqlite3* writer, int passive_pages,
                           int restart_pages)
    : path_(path),
      passive_pages_(passive_pages),
      restart_pages_(restart_pages),
      thread_([this] { loop(); }) {
  // Replaces the connection's auto-checkpoint: from now on the writer never checkpoints.
  sqlite3_wal_hook(writer, &Checkpointer::on_commit, this);
}

Checkpointer::~Checkpointer() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

// Runs on the writer thread after each commit: cheap, never blocks on a checkpoint.
int Checkpointer::on_commit(void* self, sqlite3* /*db*/, const char* /*schema*/, int pages) {
  auto* me = static_cast<Checkpointer*>(self);
  if (pages < me->passive_pages_) return SQLITE_OK;
  {
    std::lock_guard lock(me->mu_);
    me->pending_pages_ = pages;
  }
  me->wake_.notify_one();
  return SQLITE_OK;
}

void Checkpointer::loop() {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) !=
      SQLITE_OK) {
    sqlite3_close(db);
    db = nullptr;  // no checkpoints: the WAL grows, but commits stay durable
  } else {
    sqlite3_busy_timeout(db, 1000);
    // The checkpoint fsyncs the database file before it lets the WAL be reused.
    sqlite3_exec(db, "PRAGMA synchronous=FULL", nullptr, nullptr, nullptr);
  }
  for (;;) {
    int pages = 0;
    {
      std::unique_lock lock(mu_);
      wake_.wait(lock, [&] { return stopping_ || pending_pages_ > 0; });
      if (stopping_) break;
      pages = pending_pages_;
      pending_pages_ = 0;
    }
    if (db == nullptr) continue;
    int mode = pages >= restart_pages_ ? SQLITE_CHECKPOINT_RESTART : SQLITE_CHECKPOINT_PASSIVE;
    int log = 0, done = 0;
    if (sqlite3_wal_checkpoint_v2(db, nullptr, mode, &log, &done) == SQLITE_OK) ++runs_;
  }
  sqlite3_close(db);
}

}  // namespace loginkit::sqlite
