#include "store/cached/read_cache.hpp"

#include <gtest/gtest.h>

#include <string>

namespace loginkit::cached {
namespace {

TEST(ReadCache, KeepsWhatWasInsertedAndForgetsWhatWasErased) {
  std::atomic<std::uint64_t> generation{0};
  ReadCache<std::string, int> cache(64, generation);
  EXPECT_FALSE(cache.find("a"));
  cache.insert("a", 1, generation.load());
  ASSERT_TRUE(cache.find("a"));
  EXPECT_EQ(*cache.find("a"), 1);
  cache.insert("a", 2, generation.load());
  EXPECT_EQ(*cache.find("a"), 2);
  cache.erase("a");
  EXPECT_FALSE(cache.find("a"));
}

// A fill whose database read began before an invalidation must not put the old record back.
TEST(ReadCache, RefusesAFillReadBeforeAnInvalidation) {
  std::atomic<std::uint64_t> generation{0};
  ReadCache<long, int> cache(64, generation);
  std::uint64_t seen = generation.load();
  ++generation;  // a write dropped key 7 meanwhile
  cache.erase(7);
  cache.insert(7, 1, seen);
  EXPECT_FALSE(cache.find(7));
  cache.insert(7, 2, generation.load());
  EXPECT_EQ(*cache.find(7), 2);
}

TEST(ReadCache, StaysWithinItsCapacity) {
  std::atomic<std::uint64_t> generation{0};
  ReadCache<long, long> cache(64, generation);
  for (long i = 0; i < 10'000; ++i) cache.insert(i, i * 2, generation.load());
  EXPECT_LE(cache.size(), 64U);
  EXPECT_GT(cache.size(), 32U);
  // Whatever is still cached is right.
  for (long i = 0; i < 10'000; ++i) {
    if (auto v = cache.find(i)) {
      EXPECT_EQ(*v, i * 2);
    }
  }
  // The newest entry is never the victim of its own insertion.
  cache.insert(20'000, 1, generation.load());
  EXPECT_TRUE(cache.find(20'000));
}

TEST(ReadCache, ClearEmptiesEveryShard) {
  std::atomic<std::uint64_t> generation{0};
  ReadCache<long, long> cache(1024, generation);
  for (long i = 0; i < 500; ++i) cache.insert(i, i, generation.load());
  EXPECT_EQ(cache.size(), 500U);
  cache.clear();
  EXPECT_EQ(cache.size(), 0U);
}

}  // namespace
}  // namespace loginkit::cached
