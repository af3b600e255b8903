#include "store/sqlite/backup.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "store/sqlite/sqlite_db.hpp"

namespace loginkit::sqlite {
namespace {

namespace fs = std::filesystem;

std::int64_t scalar(Connection& c, const std::string& sql) {
  auto s = c.prepare(sql);
  return s.step() ? s.i64(0) : -1;
}

class BackupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("loginkit-backup-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    Connection c(db());  // WAL, as the server opens it
    c.exec(
        "CREATE TABLE a(id INTEGER PRIMARY KEY, pad TEXT); CREATE TABLE b(id INTEGER PRIMARY "
        "KEY, pad TEXT)");
    WriteTxn txn(c);
    for (int i = 0; i < 2000; ++i) {
      c.prepare("INSERT INTO a(pad) VALUES (?)").bind(1, std::string(300, 'x')).run();
      c.prepare("INSERT INTO b(pad) VALUES (?)").bind(1, std::string(300, 'y')).run();
    }
    txn.commit();
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string db() const { return (dir_ / "live.db").string(); }
  std::string path(const char* name) const { return (dir_ / name).string(); }
  fs::path dir_;
};

// Every transaction of the writer adds a row to both tables; a consistent snapshot has as many
// rows in one as in the other, however the copy's steps interleave with the commits.
TEST_F(BackupTest, CopiesAConsistentSnapshotWhileAnotherConnectionWrites) {
  std::atomic<bool> stop{false};
  std::atomic<int> commits{0};
  std::thread writer([&] {
    Connection c(db());
    while (!stop) {
      WriteTxn txn(c);
      c.prepare("INSERT INTO a(pad) VALUES ('w')").run();
      c.prepare("INSERT INTO b(pad) VALUES ('w')").run();
      txn.commit();
      ++commits;
    }
  });
  while (commits < 5) std::this_thread::yield();
  BackupOptions options;
  options.pages_per_step = 8;  // many steps, with commits between them
  options.pause_ms = 1;
  auto result = backup_database(db(), path("copy.db"), options);
  int during = commits;
  stop = true;
  writer.join();

  EXPECT_GT(result.steps, 10);
  // One pass, never restarted by the writer's commits (a restarting copy may never finish).
  EXPECT_LE(result.steps, result.pages / options.pages_per_step + 2);
  EXPECT_GT(during, 5) << "the writer was blocked during the backup";
  Connection copy(path("copy.db"));
  auto a = scalar(copy, "SELECT count(*) FROM a");
  EXPECT_GE(a, 2000);
  EXPECT_EQ(a, scalar(copy, "SELECT count(*) FROM b"));
  EXPECT_FALSE(fs::exists(path("copy.db.tmp")));
}

TEST_F(BackupTest, RefusesAnExistingDestinationUnlessOverwriting) {
  std::ofstream(path("copy.db")) << "precious";
  EXPECT_THROW(backup_database(db(), path("copy.db")), std::runtime_error);
  std::ifstream in(path("copy.db"));
  std::string content((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(content, "precious");
  BackupOptions options;
  options.overwrite = true;
  backup_database(db(), path("copy.db"), options);
  Connection copy(path("copy.db"));
  EXPECT_EQ(scalar(copy, "SELECT count(*) FROM a"), 2000);
}

TEST_F(BackupTest, PrepareRestoreRefusesWhatIsNotALoginkitDatabase) {
  std::ofstream(path("text.db")) << "this is not a database, just some text that is long enough";
  try {
    prepare_restore(path("text.db"), 6);
    FAIL() << "a text file was accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("not a database"), std::string::npos) << e.what();
  }
  // A SQLite file without loginkit's tables, and one from a newer schema.
  backup_database(db(), path("other.db"));
  EXPECT_THROW(prepare_restore(path("other.db"), 6), std::runtime_error);
  {
    Connection c(path("other.db"));
    c.exec(
        "CREATE TABLE meta(k); CREATE TABLE apps(k); CREATE TABLE grants(k); CREATE TABLE "
        "tokens(k); PRAGMA user_version = 7");
  }
  EXPECT_THROW(prepare_restore(path("other.db"), 6), std::runtime_error);
  EXPECT_EQ(prepare_restore(path("other.db"), 7), 7);
}

TEST_F(BackupTest, SwapRefusesWhileAnotherConnectionHoldsTheDatabase) {
  backup_database(db(), path("copy.db"));
  {
    Connection server(db());
    EXPECT_GT(scalar(server, "SELECT count(*) FROM a"), 0);
    EXPECT_THROW(swap_in_database(path("copy.db"), db(), ""), std::runtime_error);
    EXPECT_TRUE(fs::exists(path("copy.db")));
  }
  swap_in_database(path("copy.db"), db(), path("old.db"));
  EXPECT_FALSE(fs::exists(path("copy.db")));
  EXPECT_TRUE(fs::exists(path("old.db")));
  Connection c(db());
  EXPECT_EQ(scalar(c, "SELECT count(*) FROM a"), 2000);
}

}  // namespace
}  // namespace loginkit::sqlite
