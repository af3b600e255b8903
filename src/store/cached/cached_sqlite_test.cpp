// The read cache over SQLite with another writer on the same file (the CLI, or a second server,
// while a server runs): the engine's change probe must make every commit by the other writer
// visible at once, whether that writer has a cache of its own or none.
#include "store/cached/cached_sqlite.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "store/sqlite/sqlite_store.hpp"
#include "store/test_names.hpp"

namespace loginkit {
namespace {

constexpr UnixSeconds kNow = 1'700'000'000;

std::unique_ptr<Store> cached_sqlite(const std::string& path) {
  return cached_sqlite_store(std::make_unique<SqliteStore>(path), path);
}

class CachedSqliteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        std::filesystem::temp_directory_path() / (numbered("lk-cached-", std::random_device{}()));
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "loginkit.db").string();
    SqliteStore(path_).migrate();
    server_ = cached_sqlite(path_);
    Id dev = server_->developers().create_developer(Developer{0, "d@x", "Dev", "h", kNow});
    User u;
    u.username = "alice";
    user_ = server_->users().create_user(u);
    App a;
    a.client_key = "key-1";
    a.secret_hash = "old-secret";
    a.developer_id = dev;
    a.name = "App";
    a.scopes = parse_scopes("user.info.basic");
    a.created_at = kNow;
    app_ = server_->apps().create_app(a);
    Grant g;
    g.app_id = app_;
    g.user_id = user_;
    g.scopes = a.scopes;
    g.created_at = kNow;
    grant_ = server_->grants().create_grant_with_code(
        g, AuthCode{"code-1", 0, "https://app/cb", "", kNow + 600, false});
  }
  void TearDown() override {
    server_.reset();
    std::filesystem::remove_all(dir_);
  }

  void rotate_secret(Store& writer, const std::string& secret) {
    App a = *writer.apps().find_app(app_);
    a.secret_hash = secret;
    ASSERT_TRUE(writer.apps().update_app(a));
  }

  std::filesystem::path dir_;
  std::string path_;
  std::unique_ptr<Store> server_;
  Id user_ = 0, app_ = 0, grant_ = 0;
};

TEST_F(CachedSqliteTest, AnotherCachedWriterOnTheFileIsSeenAtOnce) {
  auto cli = cached_sqlite(path_);
  ASSERT_EQ(server_->apps().find_app_core_by_key("key-1")->secret_hash, "old-secret");
  ASSERT_FALSE(server_->grants().find_grant(grant_)->revoked);
  rotate_secret(*cli, "new-secret");
  EXPECT_EQ(server_->apps().find_app_core_by_key("key-1")->secret_hash, "new-secret");
  cli->grants().revoke_grant(grant_, kNow);
  EXPECT_TRUE(server_->grants().find_grant(grant_)->revoked);
}

TEST_F(CachedSqliteTest, ATokenRevokedByAnotherWriterIsSeenAtOnce) {
  Token t;
  t.hash = "access-1";
  t.app_id = app_;
  t.grant_id = grant_;
  t.expires_at = kNow + 3600;
  ASSERT_EQ(server_->codes().redeem_code("code-1", kNow, IssuedTokens{{t}, kNow + 86'400}),
            RedeemOutcome::kRedeemed);
  ASSERT_FALSE(server_->tokens().find_access_context("access-1")->token.revoked);
  SqliteStore(path_).tokens().revoke_token("access-1", kNow);
  EXPECT_TRUE(server_->tokens().find_access_context("access-1")->token.revoked);
}

TEST_F(CachedSqliteTest, AWriterWithoutACacheIsSeenAtOnce) {
  SqliteStore cli(path_);
  ASSERT_EQ(server_->apps().find_app_core_by_key("key-1")->secret_hash, "old-secret");
  ASSERT_EQ(server_->apps().find_app_by_key("key-1")->secret_hash, "old-secret");
  ASSERT_FALSE(server_->grants().find_grant(grant_)->revoked);
  rotate_secret(cli, "new-secret");
  EXPECT_EQ(server_->apps().find_app_core_by_key("key-1")->secret_hash, "new-secret");
  EXPECT_EQ(server_->apps().find_app_by_key("key-1")->secret_hash, "new-secret");
  cli.grants().disconnect(user_, app_, kNow);
  EXPECT_TRUE(server_->grants().find_grant(grant_)->revoked);
}

}  // namespace
}  // namespace loginkit
