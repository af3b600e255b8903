#include "store/sqlite/sqlite_change_probe.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "store/sqlite/sqlite_store.hpp"

namespace loginkit::sqlite {
namespace {

class ChangeProbeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("lk-probe-" + std::to_string(std::random_device{}()));
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
  auto before = probe.data_version();
  store.users().find_user(1);
  store.apps().find_app_by_key("nope");
  EXPECT_EQ(probe.data_version(), before);
  EXPECT_EQ(probe.data_version(), before);
}

// Commits through this process's writer and through another store on the file (another process)
// both move it.
TEST_F(ChangeProbeTest, MovesAfterEveryCommitOfAnyWriter) {
  SqliteStore store(path_);
  SqliteStore other(path_);
  ChangeProbe probe(path_);
  auto v0 = probe.data_version();
  User u;
  u.username = "a";
  store.users().create_user(u);
  auto v1 = probe.data_version();
  EXPECT_NE(v1, v0);
  u.username = "b";
  other.users().create_user(u);
  auto v2 = probe.data_version();
  EXPECT_NE(v2, v1);
  EXPECT_EQ(probe.data_version(), v2);
}

}  // namespace
}  // namespace loginkit::sqlite
