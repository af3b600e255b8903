#pragma once
// One cached read verb of the caching decorator (cached_store.hpp): key -> record, split into
// shards so io threads reading different keys rarely meet on one lock, bounded by an entry cap
// with cheap eviction (a victim from the next non-empty bucket; no recency bookkeeping on hits).
// A fill is refused when the decorator's generation moved since the caller read the database, so
// a read that raced a write can never put the pre-write record back after the write dropped it.
#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <unordered_map>

namespace loginkit::cached {

template <typename Key, typename Value>
class ReadCache {
 public:
  ReadCache(std::size_t capacity, const std::atomic<std::uint64_t>& generation)
      : per_shard_cap_(capacity / kShards > 0 ? capacity / kShards : 1), generation_(generation) {}

  // A copy of the record: the store's interfaces return records by value.
  std::optional<Value> find(const Key& key) const {
    const Shard& s = shard_for(key);
    std::shared_lock lock(s.mu);
    auto it = s.map.find(key);
    if (it == s.map.end()) return std::nullopt;
    return it->second;
  }

  // Keeps `value` unless an invalidation happened since `seen` (the generation the caller read
  // before it asked the database).
  void insert(const Key& key, const Value& value, std::uint64_t seen) {
    Shard& s = shard_for(key);
    std::unique_lock lock(s.mu);
    if (generation_.load() != seen) return;
    auto it = s.map.find(key);
    if (it != s.map.end()) {
      it->second = value;
      return;
    }
    if (s.map.size() >= per_shard_cap_) evict_one(s);
    s.map.emplace(key, value);
  }

  // Callers bump the generation first (CacheState does), then erase.
  void erase(const Key& key) {
    Shard& s = shard_for(key);
    std::unique_lock lock(s.mu);
    s.map.erase(key);
  }

  void clear() {
    for (Shard& s : shards_) {
      std::unique_lock lock(s.mu);
      s.map.clear();
    }
  }

  std::size_t size() const {
    std::size_t n = 0;
    for (const Shard& s : shards_) {
      std::shared_lock lock(s.mu);
      n += s.map.size();
    }
    return n;
  }

 private:
  static constexpr std::size_t kShards = 16;
  struct Shard {
    mutable std::shared_mutex mu;
    std::unordered_map<Key, Value> map;
    std::size_t next_bucket = 0;  // where the next eviction starts looking
  };

  const Shard& shard_for(const Key& key) const { return shards_[std::hash<Key>{}(key) % kShards]; }
  Shard& shard_for(const Key& key) { return shards_[std::hash<Key>{}(key) % kShards]; }

  // Erases the first entry of the next non-empty bucket, walking the buckets round-robin: an
  // O(1) expected choice that spreads over the whole map without touching entries on hits.
  static void evict_one(Shard& s) {
    std::size_t buckets = s.map.bucket_count();
    for (std::size_t i = 0; i < buckets; ++i) {
      std::size_t b = (s.next_bucket + i) % buckets;
      if (s.map.bucket_size(b) == 0) continue;
      Key victim = s.map.begin(b)->first;
      s.next_bucket = b + 1;
      s.map.erase(victim);
      return;
    }
  }

  std::array<Shard, kShards> shards_;
  std::size_t per_shard_cap_;
  const std::atomic<std::uint64_t>& generation_;
};

}  // namespace loginkit::cached
