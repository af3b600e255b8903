#pragma once
// Fixed-window attempt counter per key (an account, an address, a client and address pair). In
// memory per node: it slows guessing down; it is not a durable quota.
//
// - Admission is atomic: acquire() checks the limit and counts the attempt in one step under the
//   key's lock, so a parallel burst cannot all pass the check before any of them is counted. A
//   caller that learns the attempt should not count (a correct password) releases the slot.
// - Keys are never stored: each is reduced to a keyed 64-bit hash (SipHash-2-4, key drawn at
//   start), so a 64 KiB key costs 8 bytes and nobody can aim collisions at one bucket.
// - Memory is bounded: at most `capacity` keys, split over shards, each an LRU list plus a hash
//   map; a new key at capacity evicts its shard's least recently used key in O(1). Nothing scans.
// - Windows run on a monotonic clock, so moving the wall clock (or the test clock) neither extends
//   nor shortens them, and Retry-After is never more than the window.
// - Limits can change while serving (a configuration reload): reconfigure() keeps every key's
//   count, so a client over its budget does not get a fresh one from the reload.
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <list>
#include <mutex>
#include <string_view>
#include <unordered_map>

namespace loginkit {

// A clock that never goes back (std::chrono::steady_clock), injectable so tests can drive it.
class MonotonicClock {
 public:
  using time_point = std::chrono::steady_clock::time_point;
  virtual ~MonotonicClock() = default;
  virtual time_point now() const = 0;
  // The process's steady clock.
  static const MonotonicClock& steady();
};

// A monotonic clock that moves only when told (unit tests).
class ManualMonotonicClock final : public MonotonicClock {
 public:
  time_point now() const override { return now_; }
  void advance(std::chrono::steady_clock::duration d) { now_ += d; }

 private:
  time_point now_{std::chrono::hours(1)};
};

// SipHash-2-4 (Aumasson and Bernstein; libsodium's crypto_shorthash) of `data` under a 128-bit key.
std::uint64_t siphash24(const std::array<std::uint64_t, 2>& key, std::string_view data);

class RateLimiter {
 public:
  static constexpr std::size_t kDefaultCapacity = 100000;

  // A slot counted against one key by acquire(): admitted, or refused with the seconds to wait.
  class Reservation {
   public:
    Reservation() = default;
    Reservation(Reservation&& other) noexcept;
    Reservation& operator=(Reservation&& other) noexcept;
    Reservation(const Reservation&) = delete;
    Reservation& operator=(const Reservation&) = delete;
    ~Reservation() = default;  // the slot stays counted unless released

    bool admitted() const { return wait_ == 0; }
    // Seconds until the key may try again (0 when admitted); 1..window.
    std::int64_t retry_after() const { return wait_; }
    // Gives the slot back: this attempt does not count. Idempotent.
    void release();

   private:
    friend class RateLimiter;
    RateLimiter* owner_ = nullptr;  // null: nothing to release (refused, unlimited or released)
    std::uint64_t hash_ = 0;
    MonotonicClock::time_point window_{};
    std::int64_t wait_ = 0;
  };

  // limit <= 0 = unlimited; window_seconds >= 1.
  RateLimiter(std::int64_t limit, std::int64_t window_seconds,
              const MonotonicClock& clock = MonotonicClock::steady(),
              std::size_t capacity = kDefaultCapacity);

  // Counts one attempt against `key` if it is under the limit (admitted), else refuses it.
  Reservation acquire(std::string_view key);
  // Seconds until `key` may try again (0 = go ahead), counting nothing.
  std::int64_t retry_after(std::string_view key);
  // Keys tracked now (at most the capacity).
  std::size_t size();
  // New limit and window for every later attempt; counts and window starts are kept. A shorter
  // window ends the current windows that are already older than it.
  void reconfigure(std::int64_t limit, std::int64_t window_seconds);
  std::int64_t limit() const { return limit_.load(std::memory_order_relaxed); }
  std::int64_t window_seconds() const { return window_.load(std::memory_order_relaxed).count(); }

 private:
  struct Entry {
    std::uint64_t hash = 0;
    MonotonicClock::time_point start;
    std::int64_t count = 0;
  };
  struct Shard {
    std::mutex mu;
    std::list<Entry> lru;  // most recently used first
    std::unordered_map<std::uint64_t, std::list<Entry>::iterator> index;
  };
  static constexpr std::size_t kShards = 16;

  std::uint64_t hash_of(std::string_view key) const;
  Shard& shard_of(std::uint64_t hash) { return shards_[hash % kShards]; }
  // The live entry of `hash` (a fresh one if absent or its window ended), moved to the front.
  Entry& touch(Shard& s, std::uint64_t hash, MonotonicClock::time_point now,
               std::chrono::seconds window);
  static std::int64_t wait_seconds(const Entry& e, MonotonicClock::time_point now,
                                   std::chrono::seconds window);
  void release(const Reservation& r);

  // Read once per call, so one attempt sees one consistent pair even during a reconfigure.
  std::atomic<std::int64_t> limit_;
  std::atomic<std::chrono::seconds> window_;
  const MonotonicClock& clock_;
  std::size_t shard_capacity_;
  std::array<std::uint64_t, 2> hash_key_;
  std::array<Shard, kShards> shards_;
};

}  // namespace loginkit
