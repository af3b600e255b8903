#include "core/rate_limiter.hpp"

#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <utility>

#include "core/crypto.hpp"

namespace loginkit {
namespace {

class SteadyClock final : public MonotonicClock {
 public:
  time_point now() const override { return std::chrono::steady_clock::now(); }
};

std::uint64_t load_le64(const unsigned char* p) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < 8; ++i) v |= static_cast<std::uint64_t>(p[i]) << (8 * i);
  return v;
}

std::array<std::uint64_t, 2> random_hash_key() {
  std::string bytes = crypto::random_bytes(16);
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  return {load_le64(p), load_le64(p + 8)};
}

}  // namespace

const MonotonicClock& MonotonicClock::steady() {
  static const SteadyClock kSteady;
  return kSteady;
}

// libsodium's crypto_shorthash is SipHash-2-4: its key and output are little-endian bytes.
std::uint64_t siphash24(const std::array<std::uint64_t, 2>& key, std::string_view data) {
  unsigned char k[crypto_shorthash_KEYBYTES], out[crypto_shorthash_BYTES];
  static_assert(sizeof k == 16 && sizeof out == 8);
  for (int i = 0; i < 16; ++i) k[i] = static_cast<unsigned char>(key[i / 8] >> (8 * (i % 8)));
  crypto_shorthash(out, reinterpret_cast<const unsigned char*>(data.data()), data.size(), k);
  return load_le64(out);
}

RateLimiter::Reservation::Reservation(Reservation&& other) noexcept
    : owner_(std::exchange(other.owner_, nullptr)),
      hash_(other.hash_),
      window_(other.window_),
      wait_(other.wait_) {}

RateLimiter::Reservation& RateLimiter::Reservation::operator=(Reservation&& other) noexcept {
  owner_ = std::exchange(other.owner_, nullptr);
  hash_ = other.hash_;
  window_ = other.window_;
  wait_ = other.wait_;
  return *this;
}

void RateLimiter::Reservation::release() {
  if (auto* owner = std::exchange(owner_, nullptr)) owner->release(*this);
}

RateLimiter::RateLimiter(std::int64_t limit, std::int64_t window_seconds,
                         const MonotonicClock& clock, std::size_t capacity)
    : limit_(limit),
      window_(std::chrono::seconds(std::max<std::int64_t>(window_seconds, 1))),
      clock_(clock),
      shard_capacity_(std::max<std::size_t>(capacity / kShards, 1)),
      hash_key_(random_hash_key()) {}

std::uint64_t RateLimiter::hash_of(std::string_view key) const {
  return siphash24(hash_key_, key);
}

RateLimiter::Entry& RateLimiter::touch(Shard& s, std::uint64_t hash, MonotonicClock::time_point now,
                                       std::chrono::seconds window) {
  if (auto it = s.index.find(hash); it != s.index.end()) {
    s.lru.splice(s.lru.begin(), s.lru, it->second);  // O(1), the iterator stays valid
    Entry& e = *it->second;
    if (now >= e.start + window) e = Entry{hash, now, 0};
    return e;
  }
  if (s.index.size() >= shard_capacity_) {
    // At capacity the least recently used key goes: its window has most likely ended, and a
    // spray of fresh keys cannot grow memory.
    s.index.erase(s.lru.back().hash);
    s.lru.pop_back();
  }
  s.lru.push_front(Entry{hash, now, 0});
  s.index.emplace(hash, s.lru.begin());
  return s.lru.front();
}

std::int64_t RateLimiter::wait_seconds(const Entry& e, MonotonicClock::time_point now,
                                       std::chrono::seconds window) {
  // Whole seconds, rounded up, within 1..window: now >= start always holds on a monotonic clock.
  auto left = e.start + window - now;
  auto secs = std::chrono::ceil<std::chrono::seconds>(left).count();
  return std::clamp<std::int64_t>(secs, 1, window.count());
}

RateLimiter::Reservation RateLimiter::acquire(std::string_view key) {
  Reservation r;
  const std::int64_t limit = limit_.load(std::memory_order_relaxed);
  const std::chrono::seconds window = window_.load(std::memory_order_relaxed);
  if (limit <= 0) return r;
  std::uint64_t hash = hash_of(key);
  Shard& s = shard_of(hash);
  auto now = clock_.now();
  std::lock_guard lock(s.mu);
  Entry& e = touch(s, hash, now, window);
  if (e.count >= limit) {
    r.wait_ = wait_seconds(e, now, window);
    return r;
  }
  ++e.count;
  r.owner_ = this;
  r.hash_ = hash;
  r.window_ = e.start;
  return r;
}

void RateLimiter::release(const Reservation& r) {
  Shard& s = shard_of(r.hash_);
  std::lock_guard lock(s.mu);
  auto it = s.index.find(r.hash_);
  // Only within the window the slot was taken in: a new window started from zero already.
  if (it == s.index.end() || it->second->start != r.window_) return;
  if (it->second->count > 0) --it->second->count;
}

std::int64_t RateLimiter::retry_after(std::string_view key) {
  const std::int64_t limit = limit_.load(std::memory_order_relaxed);
  const std::chrono::seconds window = window_.load(std::memory_order_relaxed);
  if (limit <= 0) return 0;
  std::uint64_t hash = hash_of(key);
  Shard& s = shard_of(hash);
  auto now = clock_.now();
  std::lock_guard lock(s.mu);
  auto it = s.index.find(hash);
  if (it == s.index.end()) return 0;
  const Entry& e = *it->second;
  if (now >= e.start + window || e.count < limit) return 0;
  return wait_seconds(e, now, window);
}

void RateLimiter::reconfigure(std::int64_t limit, std::int64_t window_seconds) {
  limit_.store(limit, std::memory_order_relaxed);
  window_.store(std::chrono::seconds(std::max<std::int64_t>(window_seconds, 1)),
                std::memory_order_relaxed);
}

std::size_t RateLimiter::size() {
  std::size_t n = 0;
  for (auto& s : shards_) {
    std::lock_guard lock(s.mu);
    n += s.index.size();
  }
  return n;
}

}  // namespace loginkit
