#include "core/rate_limiter.hpp"

#include <gtest/gtest.h>

namespace loginkit {
namespace {

TEST(RateLimiter, BlocksAfterLimitUntilWindowEnds) {
  RateLimiter limiter(3, 60);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(limiter.retry_after("alice", 1000), 0);
    limiter.record("alice", 1000);
  }
  EXPECT_EQ(limiter.retry_after("alice", 1010), 50);
  EXPECT_EQ(limiter.retry_after("bob", 1010), 0);
  EXPECT_EQ(limiter.retry_after("alice", 1060), 0);
}

TEST(RateLimiter, TakeCountsAndZeroMeansUnlimited) {
  RateLimiter limiter(2, 10);
  EXPECT_EQ(limiter.take("k", 100), 0);
  EXPECT_EQ(limiter.take("k", 100), 0);
  EXPECT_EQ(limiter.take("k", 103), 7);
  EXPECT_EQ(limiter.take("k", 110), 0);
  RateLimiter unlimited(0, 10);
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(unlimited.take("k", 100), 0);
}

}  // namespace
}  // namespace loginkit
