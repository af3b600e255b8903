#include "cli/housekeeper.hpp"

#include <gtest/gtest.h>

#include "store/memory/memory_store.hpp"

namespace loginkit::cli {
namespace {

// Deny-list entries (access tokens revoked one by one) go once their token has expired and the
// grace period has passed, like the expired rows of the other tables.
TEST(Housekeeper, PurgesDenyListEntriesOfExpiredTokens) {
  MemoryStore store;
  AdjustableClock clock;
  Metrics metrics;
  HousekeepingConfig config;
  config.interval_seconds = 0;  // no background thread: the test drives each pass
  config.grace_seconds = 60;
  Housekeeper keeper(store, clock, config, metrics);
  store.revoked_tokens().deny_token("token-a", clock.now() + 100);
  EXPECT_EQ(keeper.run_once(), 0);
  clock.advance(100 + 60);
  EXPECT_EQ(keeper.run_once(), 0) << "still within the grace period";
  EXPECT_TRUE(store.revoked_tokens().is_denied("token-a"));
  clock.advance(1);
  EXPECT_EQ(keeper.run_once(), 1);
  EXPECT_FALSE(store.revoked_tokens().is_denied("token-a"));
}

}  // namespace
}  // namespace loginkit::cli
