#include "core/rate_limiter.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace loginkit {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(SipHash, ReferenceVectors) {
  // From the SipHash paper's reference implementation (vectors.h): key 00..0f.
  std::array<std::uint64_t, 2> key{0x0706050403020100ULL, 0x0f0e0d0c0b0a0908ULL};
  std::string msg;
  EXPECT_EQ(siphash24(key, msg), 0x726fdb47dd0e0e31ULL);
  for (int i = 0; i < 15; ++i) msg.push_back(static_cast<char>(i));
  EXPECT_EQ(siphash24(key, msg), 0xa129ca6149be45e5ULL);
  msg.push_back(15);
  EXPECT_EQ(siphash24(key, msg), 0x3f2acc7f57c29bdbULL);
}

TEST(RateLimiter, BlocksAfterLimitUntilWindowEnds) {
  ManualMonotonicClock clock;
  RateLimiter limiter(3, 60, clock);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.acquire("alice").admitted());
  clock.advance(seconds(10));
  auto refused = limiter.acquire("alice");
  EXPECT_FALSE(refused.admitted());
  EXPECT_EQ(refused.retry_after(), 50);
  EXPECT_EQ(limiter.retry_after("alice"), 50);
  EXPECT_EQ(limiter.retry_after("bob"), 0);
  clock.advance(seconds(50));
  EXPECT_EQ(limiter.retry_after("alice"), 0);
  EXPECT_TRUE(limiter.acquire("alice").admitted());
}

TEST(RateLimiter, ReconfigureKeepsTheCountsOfEveryKey) {
  ManualMonotonicClock clock;
  RateLimiter limiter(5, 60, clock);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.acquire("alice").admitted());
  // A lower limit applies at once to the attempts already counted.
  limiter.reconfigure(3, 60);
  EXPECT_EQ(limiter.limit(), 3);
  EXPECT_FALSE(limiter.acquire("alice").admitted());
  // A higher one lets the same key go on from its count, not from zero.
  limiter.reconfigure(4, 60);
  EXPECT_TRUE(limiter.acquire("alice").admitted());
  EXPECT_FALSE(limiter.acquire("alice").admitted());
  // Unlimited, then limited again: the count was kept all along.
  limiter.reconfigure(0, 60);
  EXPECT_TRUE(limiter.acquire("alice").admitted());
  limiter.reconfigure(4, 60);
  EXPECT_FALSE(limiter.acquire("alice").admitted());
}

TEST(RateLimiter, ReconfigureToAShorterWindowEndsOlderWindows) {
  ManualMonotonicClock clock;
  RateLimiter limiter(1, 60, clock);
  EXPECT_TRUE(limiter.acquire("alice").admitted());
  clock.advance(seconds(20));
  EXPECT_EQ(limiter.retry_after("alice"), 40);
  limiter.reconfigure(1, 10);
  EXPECT_EQ(limiter.window_seconds(), 10);
  EXPECT_EQ(limiter.retry_after("alice"), 0);
  EXPECT_TRUE(limiter.acquire("alice").admitted());
  EXPECT_EQ(limiter.retry_after("alice"), 10);
}

TEST(RateLimiter, ZeroMeansUnlimitedAndTracksNothing) {
  RateLimiter unlimited(0, 10);
  for (int i = 0; i < 1000; ++i) EXPECT_TRUE(unlimited.acquire("k").admitted());
  EXPECT_EQ(unlimited.size(), 0u);
}

// A parallel burst cannot pass the check before any attempt is counted: exactly `limit` slots.
TEST(RateLimiter, AdmissionIsAtomicUnderThreads) {
  RateLimiter limiter(10, 300);
  std::atomic<int> admitted{0}, refused{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  threads.reserve(16);
  for (int t = 0; t < 16; ++t) {
    threads.emplace_back([&] {
      while (!go) std::this_thread::yield();
      for (int i = 0; i < 50; ++i) {
        auto r = limiter.acquire("user:victim");
        (r.admitted() ? admitted : refused)++;
      }
    });
  }
  go = true;
  for (auto& t : threads) t.join();
  EXPECT_EQ(admitted.load(), 10);
  EXPECT_EQ(refused.load(), 16 * 50 - 10);
}

// Successes give their slot back: only failures count.
TEST(RateLimiter, ReleasedSlotsDoNotCount) {
  RateLimiter limiter(3, 300);
  for (int i = 0; i < 1000; ++i) {
    auto r = limiter.acquire("addr:10.0.0.1");
    ASSERT_TRUE(r.admitted()) << "success " << i;
    r.release();
    r.release();  // idempotent
  }
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.acquire("addr:10.0.0.1").admitted());
  EXPECT_FALSE(limiter.acquire("addr:10.0.0.1").admitted());
}

// A slot released after its window ended does not discount the next window's failures.
TEST(RateLimiter, ReleaseAfterTheWindowChangesNothing) {
  ManualMonotonicClock clock;
  RateLimiter limiter(2, 60, clock);
  auto old = limiter.acquire("k");
  clock.advance(seconds(61));
  EXPECT_TRUE(limiter.acquire("k").admitted());
  EXPECT_TRUE(limiter.acquire("k").admitted());
  old.release();
  EXPECT_FALSE(limiter.acquire("k").admitted());
}

// Retry-After is within 1..window and counts down on the monotonic clock; the wall clock (and the
// test clock) play no part, so moving them back cannot stretch a window.
TEST(RateLimiter, RetryAfterNeverExceedsTheWindow) {
  ManualMonotonicClock clock;
  RateLimiter limiter(1, 300, clock);
  EXPECT_TRUE(limiter.acquire("k").admitted());
  auto r = limiter.acquire("k");
  EXPECT_FALSE(r.admitted());
  EXPECT_EQ(r.retry_after(), 300);
  clock.advance(milliseconds(299'500));
  EXPECT_EQ(limiter.acquire("k").retry_after(), 1);
  clock.advance(milliseconds(500));
  EXPECT_TRUE(limiter.acquire("k").admitted());
  for (int i = 0; i < 100; ++i) {
    clock.advance(milliseconds(997));
    auto again = limiter.acquire("k");
    if (!again.admitted()) {
      EXPECT_GE(again.retry_after(), 1);
      EXPECT_LE(again.retry_after(), 300);
    }
  }
}

// A 64 KiB key is reduced to a hash: one entry, and only an equal key matches it.
TEST(RateLimiter, KeysAreHashedNotStored) {
  RateLimiter limiter(1, 60);
  std::string big(std::size_t{64} * 1024, 'k');
  EXPECT_TRUE(limiter.acquire(big).admitted());
  EXPECT_FALSE(limiter.acquire(big).admitted());
  EXPECT_EQ(limiter.size(), 1u);
  std::string other = big;
  other.back() = 'x';
  EXPECT_TRUE(limiter.acquire(other).admitted());
  EXPECT_EQ(limiter.size(), 2u);
}

// At capacity the least recently used key is evicted; a key in use stays.
TEST(RateLimiter, CapacityEvictsLeastRecentlyUsed) {
  RateLimiter limiter(1, 300, MonotonicClock::steady(), 64);
  EXPECT_TRUE(limiter.acquire("attacker").admitted());
  EXPECT_TRUE(limiter.acquire("quiet").admitted());
  for (int i = 0; i < 10000; ++i) {
    EXPECT_FALSE(limiter.acquire("attacker").admitted());  // a refusal counts as a use
    (void)limiter.acquire("spray" + std::to_string(i));
    ASSERT_LE(limiter.size(), 64u);
  }
  EXPECT_FALSE(limiter.acquire("attacker").admitted()) << "the key in use was kept";
  EXPECT_TRUE(limiter.acquire("quiet").admitted()) << "the idle key was evicted";
}

// Eviction is O(1): a spray of distinct keys far beyond the capacity stays fast and bounded (a
// whole-map scan per insert at 100,000 keys would take minutes).
TEST(RateLimiter, SprayOfKeysIsFastAndBounded) {
  RateLimiter limiter(5, 300);
  auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < 300000; ++i) (void)limiter.acquire("client:" + std::to_string(i));
  auto elapsed = std::chrono::steady_clock::now() - t0;
  EXPECT_LE(limiter.size(), RateLimiter::kDefaultCapacity);
  EXPECT_LT(elapsed, seconds(10));
}

}  // namespace
}  // namespace loginkit
