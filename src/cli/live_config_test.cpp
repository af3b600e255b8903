#include "cli/live_config.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "core/clock.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace loginkit::cli {
namespace {

bool names(const ReloadPlan& plan, const std::string& key) {
  return std::find(plan.needs_restart.begin(), plan.needs_restart.end(), key) !=
         plan.needs_restart.end();
}

TEST(PlanReload, LiveSettingsTakeTheNewValues) {
  Config running;
  running.http.tls_cert = "/a/cert.pem";
  running.http.tls_key = "/a/key.pem";
  Config fresh = running;
  fresh.http.tls_cert = "/b/cert.pem";
  fresh.http.tls_key = "/b/key.pem";
  fresh.limits.token_per_client = 7;
  fresh.oauth.sunset.v1_web_end_of_life = 1;
  fresh.oauth.access_ttl = 60;
  fresh.trusted_proxies = {"10.0.0.1"};
  fresh.admin_token = "a-new-admin-token-of-length";
  fresh.http.public_ops = true;
  ReloadPlan plan = plan_reload(running, fresh);
  EXPECT_TRUE(plan.needs_restart.empty());
  EXPECT_EQ(plan.config.http.tls_cert, "/b/cert.pem");
  EXPECT_EQ(plan.config.http.tls_key, "/b/key.pem");
  EXPECT_EQ(plan.config.limits.token_per_client, 7);
  EXPECT_EQ(plan.config.oauth.sunset.v1_web_end_of_life, 1);
  EXPECT_EQ(plan.config.oauth.access_ttl, 60);
  EXPECT_EQ(plan.config.trusted_proxies, std::vector<std::string>{"10.0.0.1"});
  EXPECT_EQ(plan.config.admin_token, "a-new-admin-token-of-length");
  EXPECT_TRUE(plan.config.http.public_ops);
}

TEST(PlanReload, FixedSettingsKeepTheRunningValuesAndAreNamed) {
  Config running;
  Config fresh = running;
  fresh.http.listen = "127.0.0.1:9999";
  fresh.http.ops_listen = "";
  fresh.store = "postgres://elsewhere";
  fresh.data_dir = "/elsewhere";
  fresh.http.threads = 3;
  fresh.limits.tracked_keys = 5;
  fresh.http.drain_timeout_seconds = 1;
  fresh.limits.window_seconds = 5;  // live, beside the fixed ones
  ReloadPlan plan = plan_reload(running, fresh);
  for (const char* key : {"http.listen", "http.ops_listen", "store", "data_dir", "http.threads",
                          "limits.tracked_keys", "http.drain_timeout"}) {
    EXPECT_TRUE(names(plan, key)) << key;
  }
  EXPECT_EQ(plan.needs_restart.size(), 7u);
  EXPECT_EQ(plan.config.http.listen, running.http.listen);
  EXPECT_EQ(plan.config.http.ops_listen, running.http.ops_listen);
  EXPECT_EQ(plan.config.store, running.store);
  EXPECT_EQ(plan.config.data_dir, running.data_dir);
  EXPECT_EQ(plan.config.http.threads, running.http.threads);
  EXPECT_EQ(plan.config.limits.tracked_keys, running.limits.tracked_keys);
  EXPECT_EQ(plan.config.limits.window_seconds, 5);
}

// The read cache wraps the store when it opens: turning it off needs a new store.
TEST(PlanReload, TheStoreCacheWaitsForARestart) {
  Config running;
  Config fresh = running;
  fresh.store_cache = !running.store_cache;
  ReloadPlan plan = plan_reload(running, fresh);
  EXPECT_TRUE(names(plan, "store_cache"));
  EXPECT_EQ(plan.config.store_cache, running.store_cache);
}

TEST(PlanReload, TurningTlsOnOrOffWaitsForARestart) {
  Config plain;
  Config tls = plain;
  tls.http.tls_cert = "/c.pem";
  tls.http.tls_key = "/k.pem";
  ReloadPlan on = plan_reload(plain, tls);
  EXPECT_TRUE(names(on, "http.tls_cert"));
  EXPECT_TRUE(on.config.http.tls_cert.empty());
  EXPECT_TRUE(on.config.http.tls_key.empty());
  ReloadPlan off = plan_reload(tls, plain);
  EXPECT_TRUE(names(off, "http.tls_cert"));
  EXPECT_EQ(off.config.http.tls_cert, "/c.pem");
  EXPECT_EQ(off.config.http.tls_key, "/k.pem");
}

class LiveConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           (std::string("lk-live-")
                .append(std::to_string(::testing::UnitTest::GetInstance()->random_seed())) +
            "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    store_ = std::make_unique<SqliteStore>((dir_ / "t.db").string());
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::filesystem::path dir_;
  std::unique_ptr<SqliteStore> store_;
  SystemClock clock_;
};

TEST_F(LiveConfigTest, ARequestKeepsTheGenerationItStartedWith) {
  Config first;
  first.oauth.sunset.v1_web_end_of_life = 100;
  LiveConfig live(first, ServingParts{*store_, clock_, nullptr, "server-key", nullptr, nullptr});
  std::shared_ptr<Generation> in_flight = live.current();
  Config second = first;
  second.oauth.sunset.v1_web_end_of_life = 200;
  live.publish(second);
  EXPECT_EQ(in_flight->api.oauth.config.sunset.v1_web_end_of_life, 100);
  EXPECT_EQ(&in_flight->api.config, &in_flight->config);
  EXPECT_EQ(live.current()->api.oauth.config.sunset.v1_web_end_of_life, 200);
  EXPECT_EQ(live.current()->api.oauth.server_key, "server-key");
}

TEST_F(LiveConfigTest, RateLimitsChangeAndKeepTheirCounts) {
  Config first;
  first.limits.token_per_client = 5;
  LiveConfig live(first, ServingParts{*store_, clock_, nullptr, "k", nullptr, nullptr});
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(live.current()->api.token_limit.acquire("client").admitted());
  }
  const ApiLimiters* before = live.current()->api.limiters.get();
  Config second = first;
  second.limits.token_per_client = 3;
  live.publish(second);
  // The same limiter as before, with the new limit and the three attempts still counted.
  EXPECT_EQ(live.current()->api.limiters.get(), before);
  EXPECT_EQ(live.current()->api.token_limit.limit(), 3);
  EXPECT_FALSE(live.current()->api.token_limit.acquire("client").admitted());
  EXPECT_TRUE(live.current()->api.token_limit.acquire("other").admitted());
}

}  // namespace
}  // namespace loginkit::cli
