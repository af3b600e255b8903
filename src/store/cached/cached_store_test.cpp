// The read cache on the memory engine. A second MemoryStore over the same tables writes behind the
// decorator's back: what it changes stays invisible while the cache answers (that is how a hit
// shows), and every write verb through the decorator must make its change visible at once.
#include "store/cached/cached_store.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "store/memory/memory_store.hpp"
#include "store/test_names.hpp"

namespace loginkit {
namespace {

constexpr UnixSeconds kNow = 1'700'000'000;

class CachedStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { open(cached::CacheOptions{}); }

  void open(cached::CacheOptions options) {
    engine_ = std::make_shared<memory::Engine>();
    store_ =
        std::make_unique<CachedStore>(std::make_unique<MemoryStore>(engine_), std::move(options));
    behind_ = std::make_unique<MemoryStore>(engine_);
    dev_ = store_->developers().create_developer(Developer{0, "d@x", "Dev", "h", kNow});
    User u;
    u.username = "alice";
    u.display_name = "Alice";
    user_ = store_->users().create_user(u);
    app_ = store_->apps().create_app(make_app("key-1"));
    AuthCode code{"code-1", 0, "https://app/cb", "", kNow + 600, false};
    Grant g;
    g.app_id = app_;
    g.user_id = user_;
    g.scopes = parse_scopes("user.info.basic");
    g.created_at = kNow;
    grant_ = store_->grants().create_grant_with_code(g, code);
  }

  App make_app(const std::string& key) const {
    App a;
    a.client_key = key;
    a.secret_hash = "old-secret";
    a.developer_id = dev_;
    a.name = "App " + key;
    a.scopes = parse_scopes("user.info.basic");
    a.redirect_uris = {{Platform::kWeb, "https://app/cb"}};
    a.created_at = kNow;
    return a;
  }

  Token token(const std::string& hash, TokenKind kind) const {
    Token t;
    t.hash = hash;
    t.kind = kind;
    t.app_id = app_;
    t.grant_id = grant_;
    t.scopes = parse_scopes("user.info.basic");
    t.expires_at = kNow + 3600;
    return t;
  }

  IssuedTokens pair(const std::string& prefix) const {
    return IssuedTokens{
        {token(prefix + "-a", TokenKind::kAccess), token(prefix + "-r", TokenKind::kRefresh)},
        kNow + 86'400};
  }

  // Fills the grant cache, then revokes the grant behind the decorator's back: the cache still
  // says "not revoked" until something drops it.
  void cache_grant_then_revoke_behind() {
    ASSERT_FALSE(store_->grants().find_grant(grant_)->revoked);
    behind_->grants().revoke_grant(grant_, kNow);
    ASSERT_FALSE(store_->grants().find_grant(grant_)->revoked) << "the grant was not cached";
  }

  // Fills every cached form of the app, then changes its secret behind the decorator's back.
  void cache_app_then_change_behind() {
    store_->apps().find_app(app_);
    store_->apps().find_app_core(app_);
    store_->apps().find_app_by_key("key-1");
    store_->apps().find_app_core_by_key("key-1");
    App changed = *behind_->apps().find_app(app_);
    changed.secret_hash = "changed-behind";
    ASSERT_TRUE(behind_->apps().update_app(changed));
    ASSERT_EQ(store_->apps().find_app_core_by_key("key-1")->secret_hash, "old-secret");
  }

  void expect_app_secret(const std::string& want) {
    EXPECT_EQ(store_->apps().find_app(app_)->secret_hash, want);
    EXPECT_EQ(store_->apps().find_app_core(app_)->secret_hash, want);
    EXPECT_EQ(store_->apps().find_app_by_key("key-1")->secret_hash, want);
    EXPECT_EQ(store_->apps().find_app_core_by_key("key-1")->secret_hash, want);
  }

  std::shared_ptr<memory::Engine> engine_;
  std::unique_ptr<CachedStore> store_;
  std::unique_ptr<MemoryStore> behind_;
  Id dev_ = 0, user_ = 0, app_ = 0, grant_ = 0;
};

TEST_F(CachedStoreTest, AnswersRepeatedReadsFromMemory) {
  cache_app_then_change_behind();
  expect_app_secret("old-secret");
  ASSERT_EQ(store_->users().find_user(user_)->display_name, "Alice");
  {
    std::lock_guard lock(engine_->mu);
    engine_->users[user_].display_name = "Changed";
    engine_->developers[dev_].name = "Changed";
  }
  ASSERT_EQ(store_->developers().find_developer(dev_)->name, "Changed");  // first read: a miss
  EXPECT_EQ(store_->users().find_user(user_)->display_name, "Alice");     // a hit
  cache_grant_then_revoke_behind();
}

TEST_F(CachedStoreTest, ASecretRotationThroughTheDecoratorShowsAtOnceInEveryForm) {
  expect_app_secret("old-secret");
  App rotated = *store_->apps().find_app(app_);
  rotated.secret_hash = "new-secret";
  ASSERT_TRUE(store_->apps().update_app(rotated));
  expect_app_secret("new-secret");
}

TEST_F(CachedStoreTest, ALostUpdateRaceStillDropsTheApp) {
  cache_app_then_change_behind();
  App stale = *store_->apps().find_app(app_);  // at the version before the change behind
  EXPECT_FALSE(store_->apps().update_app(stale));
  expect_app_secret("changed-behind");
}

TEST_F(CachedStoreTest, ARevokedGrantShowsAtOnce) {
  ASSERT_FALSE(store_->grants().find_grant(grant_)->revoked);
  store_->grants().revoke_grant(grant_, kNow);
  EXPECT_TRUE(store_->grants().find_grant(grant_)->revoked);
}

TEST_F(CachedStoreTest, DisconnectShowsAtOnce) {
  ASSERT_FALSE(store_->grants().find_grant(grant_)->revoked);
  store_->grants().disconnect(user_, app_, kNow);
  EXPECT_TRUE(store_->grants().find_grant(grant_)->revoked);
}

TEST_F(CachedStoreTest, AFirstRedemptionShowsTheRefreshDeadline) {
  ASSERT_EQ(store_->grants().find_grant(grant_)->refresh_deadline, 0);
  ASSERT_EQ(store_->codes().redeem_code("code-1", kNow, pair("t1")), RedeemOutcome::kRedeemed);
  EXPECT_EQ(store_->grants().find_grant(grant_)->refresh_deadline, kNow + 86'400);
}

TEST_F(CachedStoreTest, ACodeReplayDropsTheGrants) {
  ASSERT_EQ(store_->codes().redeem_code("code-1", kNow, pair("t1")), RedeemOutcome::kRedeemed);
  cache_grant_then_revoke_behind();
  EXPECT_EQ(store_->codes().redeem_code("code-1", kNow, pair("t2")),
            RedeemOutcome::kAlreadyConsumed);
  EXPECT_TRUE(store_->grants().find_grant(grant_)->revoked);
}

TEST_F(CachedStoreTest, ARotationDropsItsGrant) {
  ASSERT_EQ(store_->codes().redeem_code("code-1", kNow, pair("t1")), RedeemOutcome::kRedeemed);
  cache_grant_then_revoke_behind();
  // Rotation of a token whose grant is revoked behind: the engine refuses or rotates; either way
  // the grant is read afresh.
  store_->tokens().rotate_refresh("t1-r", kNow, pair("t2"));
  EXPECT_TRUE(store_->grants().find_grant(grant_)->revoked);
}

TEST_F(CachedStoreTest, RefreshReuseDropsTheGrants) {
  ASSERT_EQ(store_->codes().redeem_code("code-1", kNow, pair("t1")), RedeemOutcome::kRedeemed);
  ASSERT_EQ(store_->tokens().rotate_refresh("t1-r", kNow, pair("t2")), RotateOutcome::kRotated);
  cache_grant_then_revoke_behind();
  EXPECT_EQ(store_->tokens().rotate_refresh("t1-r", kNow, pair("t3")), RotateOutcome::kNotActive);
  EXPECT_TRUE(store_->grants().find_grant(grant_)->revoked);
}

TEST_F(CachedStoreTest, RevokingATokenDropsTheGrants) {
  ASSERT_EQ(store_->codes().redeem_code("code-1", kNow, pair("t1")), RedeemOutcome::kRedeemed);
  cache_grant_then_revoke_behind();
  store_->tokens().revoke_token("t1-a", kNow);
  EXPECT_TRUE(store_->grants().find_grant(grant_)->revoked);
  EXPECT_TRUE(store_->tokens().find_token("t1-a")->revoked);
}

TEST_F(CachedStoreTest, HousekeepingAndMigrationDropEverything) {
  for (auto drop : {+[](Store& s) { s.housekeeping().purge_expired(kNow, 100); },
                    +[](Store& s) { s.migrate(); }}) {
    cache_app_then_change_behind();
    cache_grant_then_revoke_behind();
    store_->users().find_user(user_);
    {
      std::lock_guard lock(engine_->mu);
      engine_->users[user_].display_name = "Changed";
    }
    drop(*store_);
    expect_app_secret("changed-behind");
    EXPECT_TRUE(store_->grants().find_grant(grant_)->revoked);
    EXPECT_EQ(store_->users().find_user(user_)->display_name, "Changed");
    open(cached::CacheOptions{});
  }
}

TEST_F(CachedStoreTest, NotFoundIsNeverCached) {
  EXPECT_FALSE(store_->apps().find_app_core_by_key("key-2"));
  Id id = behind_->apps().create_app(make_app("key-2"));
  EXPECT_TRUE(store_->apps().find_app_core_by_key("key-2"));
  EXPECT_TRUE(store_->apps().find_app(id));
}

TEST_F(CachedStoreTest, ManyAppsStayWithinTheCapAndRight) {
  open(cached::CacheOptions{64, {}});
  std::vector<Id> ids;
  ids.reserve(300);
  for (int i = 0; i < 300; ++i)
    ids.push_back(store_->apps().create_app(make_app(numbered("k", i))));
  for (int round = 0; round < 2; ++round) {
    for (int i = 0; i < 300; ++i) {
      auto a = store_->apps().find_app_core_by_key(numbered("k", i));
      ASSERT_TRUE(a);
      EXPECT_EQ(a->id, ids[static_cast<std::size_t>(i)]);
    }
  }
}

TEST_F(CachedStoreTest, UserInfoReadsItsAccessContextFromMemory) {
  ASSERT_EQ(store_->codes().redeem_code("code-1", kNow, pair("t1")), RedeemOutcome::kRedeemed);
  ASSERT_EQ(store_->tokens().find_access_context("t1-a")->user.display_name, "Alice");
  {
    std::lock_guard lock(engine_->mu);
    engine_->users[user_].display_name = "Changed";
  }
  EXPECT_EQ(store_->tokens().find_access_context("t1-a")->user.display_name, "Alice");
  EXPECT_FALSE(store_->tokens().find_access_context("t1-a")->token.revoked);
}

TEST_F(CachedStoreTest, ARevokedAccessTokenShowsAtOnce) {
  ASSERT_EQ(store_->codes().redeem_code("code-1", kNow, pair("t1")), RedeemOutcome::kRedeemed);
  ASSERT_FALSE(store_->tokens().find_access_context("t1-a")->token.revoked);
  store_->tokens().revoke_token("t1-a", kNow);
  EXPECT_TRUE(store_->tokens().find_access_context("t1-a")->token.revoked);
}

TEST_F(CachedStoreTest, ARevokedGrantShowsAtOnceInItsTokens) {
  ASSERT_EQ(store_->codes().redeem_code("code-1", kNow, pair("t1")), RedeemOutcome::kRedeemed);
  ASSERT_FALSE(store_->tokens().find_access_context("t1-a")->token.revoked);
  store_->grants().revoke_grant(grant_, kNow);
  EXPECT_TRUE(store_->tokens().find_access_context("t1-a")->token.revoked);
}

TEST_F(CachedStoreTest, ARotatedRefreshTokenShowsRotatedAtOnce) {
  ASSERT_EQ(store_->codes().redeem_code("code-1", kNow, pair("t1")), RedeemOutcome::kRedeemed);
  ASSERT_FALSE(store_->tokens().find_access_context("t1-r")->token.rotated);
  ASSERT_EQ(store_->tokens().rotate_refresh("t1-r", kNow, pair("t2")), RotateOutcome::kRotated);
  EXPECT_TRUE(store_->tokens().find_access_context("t1-r")->token.rotated);
}

// The change probe: a new value drops everything, a failing probe reads through.
TEST_F(CachedStoreTest, AChangedProbeDropsEverything) {
  auto version = std::make_shared<std::atomic<std::uint64_t>>(1);
  auto fail = std::make_shared<std::atomic<bool>>(false);
  open(cached::CacheOptions{64, [version, fail] {
                              if (fail->load()) throw std::runtime_error("probe down");
                              return version->load();
                            }});
  cache_app_then_change_behind();
  ++*version;
  expect_app_secret("changed-behind");
  App again = *behind_->apps().find_app(app_);
  again.secret_hash = "third";
  ASSERT_TRUE(behind_->apps().update_app(again));
  *fail = true;
  expect_app_secret("third");
}

// Readers on several threads while the writer revokes: once revoke_grant returns, no reader that
// starts afterwards sees the grant alive.
TEST_F(CachedStoreTest, RevocationIsSeenByEveryThreadOnceAcknowledged) {
  std::atomic<bool> revoked{false}, stop{false}, stale{false};
  std::vector<std::thread> readers;
  readers.reserve(4);
  for (int i = 0; i < 4; ++i) {
    readers.emplace_back([&] {
      while (!stop.load()) {
        bool acknowledged = revoked.load();
        auto g = store_->grants().find_grant(grant_);
        if (acknowledged && !g->revoked) stale = true;
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  store_->grants().revoke_grant(grant_, kNow);
  revoked = true;
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  stop = true;
  for (auto& t : readers) t.join();
  EXPECT_FALSE(stale.load());
}

}  // namespace
}  // namespace loginkit
