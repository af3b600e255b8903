// The SQLite shape of codes and tokens: every lookup goes through the index it was built for
// (never a scan), and WAL checkpoints run on a thread of their own, not in the writer's commits.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "store/sqlite/checkpointer.hpp"
#include "store/sqlite/sqlite_db.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/test_names.hpp"

namespace loginkit {
namespace {

std::filesystem::path temp_dir(const std::string& tag) {
  auto dir = std::filesystem::temp_directory_path() /
             ("lk-" + tag + numbered("-", ::getpid()) + "-" +
              std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
  std::filesystem::create_directories(dir);
  return dir;
}

std::string plan(sqlite::Connection& c, const std::string& query) {
  auto s = c.prepare("EXPLAIN QUERY PLAN " + query);
  std::string all;
  while (s.step()) all += s.text(3) + "\n";
  return all;
}

TEST(SqliteHandleShape, LookupsUseTheIdTheLegacyIndexAndTheGrantIndex) {
  auto dir = temp_dir("shape");
  std::string path = (dir / "t.db").string();
  {
    SqliteStore store(path);
    store.migrate();
  }
  sqlite::Connection c(path);
  for (const char* table : {"codes", "tokens"}) {
    std::string t = table;
    EXPECT_NE(plan(c, "SELECT * FROM " + t + " WHERE id = 5").find("INTEGER PRIMARY KEY"),
              std::string::npos);
    EXPECT_NE(
        plan(c, "SELECT * FROM " + t + " WHERE legacy_hash = 'x'").find(t + "_by_legacy_hash"),
        std::string::npos);
  }
  EXPECT_NE(plan(c, "UPDATE tokens SET revoked_at = 1 WHERE grant_id = 3 AND revoked_at IS NULL")
                .find("tokens_by_grant"),
            std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST(SqliteCheckpointer, CheckpointsRunBesideTheWriterAndLoseNothing) {
  auto dir = temp_dir("ckpt");
  std::string path = (dir / "t.db").string();
  {
    sqlite::Connection writer(path);
    writer.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB)");
    sqlite::Checkpointer checkpointer(path, writer.raw(), 8, 1 << 20);
    for (int i = 0; i < 200; ++i) {
      writer.exec("INSERT INTO t(v) VALUES (randomblob(8000))");  // a few pages per commit
    }
    for (int i = 0; i < 500 && checkpointer.checkpoints_run() == 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    EXPECT_GT(checkpointer.checkpoints_run(), 0);
  }
  sqlite::Connection reader(path);
  auto s = reader.prepare("SELECT count(*) FROM t");
  ASSERT_TRUE(s.step());
  EXPECT_EQ(s.i64(0), 200);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace loginkit
