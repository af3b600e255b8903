#include "store/sqlite/sqlite_change_probe.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <random>
#include <set>

#include "store/sqlite/sqlite_db.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/test_names.hpp"

namespace loginkit::sqlite {
namespace {

class ChangeProbeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / (numbered("lk-probe-", std::random_device{}()));
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "loginkit.db").string();
    SqliteStore(path_).migrate();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path dir_;
  std::string path_;
};

TEST_F(ChangeProbeTest, StaysPutWhileOnlyReadsHappen) {
  SqliteStore store(path_);
  ChangeProbe probe(path_);
  ASSERT_TRUE(probe.maps_wal_index());
  auto before = probe.data_version();
  auto version = probe.version();
  store.users().find_user(1);
  store.apps().find_app_by_key("nope");
  EXPECT_EQ(probe.data_version(), before);
  EXPECT_EQ(probe.data_version(), before);
  EXPECT_EQ(probe.version(), version);
  EXPECT_EQ(probe.version(), version);
}

// Commits through this process's writer and through another store on the file (another process)
// both move it.
TEST_F(ChangeProbeTest, MovesAfterEveryCommitOfAnyWriter) {
  SqliteStore store(path_);
  SqliteStore other(path_);
  ChangeProbe probe(path_);
  auto v0 = probe.data_version();
  auto w0 = probe.version();
  User u;
  u.username = "a";
  store.users().create_user(u);
  auto v1 = probe.data_version();
  auto w1 = probe.version();
  EXPECT_NE(v1, v0);
  EXPECT_NE(w1, w0);
  User second;
  second.username = "b";
  other.users().create_user(second);
  auto v2 = probe.data_version();
  auto w2 = probe.version();
  EXPECT_NE(v2, v1);
  EXPECT_NE(w2, w1);
  EXPECT_EQ(probe.data_version(), v2);
  EXPECT_EQ(probe.version(), w2);
}

// Many commits, each seen: the WAL-index header never repeats a value, also across WAL restarts
// (a checkpoint lets the next writer start the WAL over).
TEST_F(ChangeProbeTest, NeverRepeatsAValueAcrossCommitsAndCheckpoints) {
  SqliteStore store(path_);
  ChangeProbe probe(path_);
  std::set<std::uint64_t> seen{probe.version()};
  for (int i = 0; i < 200; ++i) {
    User u;
    u.username = numbered("user", i);
    store.users().create_user(u);
    if (i % 50 == 0) Connection(path_).exec("PRAGMA wal_checkpoint(TRUNCATE)");
    EXPECT_TRUE(seen.insert(probe.version()).second) << "commit " << i;
  }
}

// SQLite keeps a shared POSIX lock on the -shm file's "dead man switch" byte while this process
// has the database open; a process that finds no such lock takes the WAL index over and truncates
// it. POSIX drops all of a process's locks on a file when any descriptor of it closes, so the
// probe must never open (and close) the file itself: a child process must still see the lock.
TEST_F(ChangeProbeTest, LeavesTheProcessLocksOnTheWalIndexAlone) {
  SqliteStore store(path_);
  store.users().find_user(1);
  ChangeProbe probe(path_);
  probe.version();
  std::string shm = path_ + "-shm";
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    int fd = ::open(shm.c_str(), O_RDWR);
    struct flock lock {};
    lock.l_type = F_WRLCK;
    lock.l_whence = SEEK_SET;
    lock.l_start = 128;  // the dead man switch: (22 + 8) * 4 + 8
    lock.l_len = 1;
    bool held = fd >= 0 && ::fcntl(fd, F_GETLK, &lock) == 0 && lock.l_type != F_UNLCK;
    ::_exit(held ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "this process's lock on " << shm;
}

}  // namespace
}  // namespace loginkit::sqlite
