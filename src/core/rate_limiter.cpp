#include "core/rate_limiter.hpp"

namespace loginkit {

std::int64_t RateLimiter::take(const std::string& key, UnixSeconds now) {
  if (limit_ <= 0) return 0;
  std::lock_guard lock(mu_);
  if (windows_.size() > 100000) prune(now);
  auto& w = windows_[key];
  if (now >= w.start + window_) w = Window{now, 0};
  return ++w.count > limit_ ? w.start + window_ - now : 0;
}

std::int64_t RateLimiter::retry_after(const std::string& key, UnixSeconds now) {
  if (limit_ <= 0) return 0;
  std::lock_guard lock(mu_);
  auto it = windows_.find(key);
  if (it == windows_.end() || now >= it->second.start + window_) return 0;
  return it->second.count >= limit_ ? it->second.start + window_ - now : 0;
}

void RateLimiter::record(const std::string& key, UnixSeconds now) {
  if (limit_ <= 0) return;
  std::lock_guard lock(mu_);
  if (windows_.size() > 100000) prune(now);  // bounded memory under a spray of keys
  auto& w = windows_[key];
  if (now >= w.start + window_) w = Window{now, 0};
  ++w.count;
}

void RateLimiter::prune(UnixSeconds now) {
  for (auto it = windows_.begin(); it != windows_.end();) {
    it = now >= it->second.start + window_ ? windows_.erase(it) : std::next(it);
  }
}

}  // namespace loginkit
