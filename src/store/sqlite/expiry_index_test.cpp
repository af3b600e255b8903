// Housekeeping at scale: the purge must find expired rows through an index, never by scanning a
// table of millions of live tokens while it holds the write path.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>

#include "store/sqlite/sqlite_db.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace loginkit {
namespace {

std::string plan(sqlite::Connection& c, const std::string& query) {
  auto s = c.prepare("EXPLAIN QUERY PLAN " + query);
  std::string all;
  while (s.step()) all += s.text(3) + "\n";
  return all;
}

TEST(SqliteExpiryIndex, PurgeFindsExpiredCodesTokensAndSessionsThroughAnIndex) {
  auto dir = std::filesystem::temp_directory_path() /
             ("lk-expiry-" + std::to_string(::getpid()) + "-" +
              std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
  std::filesystem::create_directories(dir);
  std::string path = (dir / "t.db").string();
  {
    SqliteStore store(path);
    store.migrate();
  }
  sqlite::Connection c(path);
  for (const char* table : {"codes", "tokens", "sessions"}) {
    std::string p =
        plan(c, std::string("SELECT * FROM ") + table + " WHERE expires_at < 100 LIMIT 1000");
    EXPECT_NE(p.find("INDEX"), std::string::npos) << table << ": " << p;
    EXPECT_EQ(p.find("SCAN " + std::string(table) + "\n"), std::string::npos) << table << ": " << p;
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace loginkit
