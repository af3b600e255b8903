#include "store/cached/cache_state.hpp"

namespace loginkit::cached {

CacheState::CacheState(CacheOptions options)
    : developers(options.capacity, generation_),
      users(options.capacity, generation_),
      apps(options.capacity, generation_),
      app_cores(options.capacity, generation_),
      apps_by_key(options.capacity, generation_),
      app_cores_by_key(options.capacity, generation_),
      grants(options.capacity, generation_),
      access_contexts(options.capacity, generation_),
      grant_contexts(options.capacity, generation_),
      probe_(std::move(options.change_probe)) {}

void CacheState::forget_apps() {
  ++generation_;
  apps.clear();
  app_cores.clear();
  apps_by_key.clear();
  app_cores_by_key.clear();
  access_contexts.clear();
  grant_contexts.clear();
}

void CacheState::forget_grants() {
  ++generation_;
  grants.clear();
  access_contexts.clear();
  grant_contexts.clear();
}

void CacheState::forget_denied() {
  ++generation_;
  grant_contexts.clear();
}

void CacheState::forget_all() {
  ++generation_;
  developers.clear();
  users.clear();
  forget_apps();
  forget_grants();
}

bool CacheState::revalidate() {
  if (!probe_) return true;
  std::uint64_t now = 0;
  try {
    now = probe_();
  } catch (...) {
    // Cannot tell whether the database changed: drop everything and read through this time.
    std::lock_guard lock(probe_mu_);
    probed_ = false;
    forget_all();
    return false;
  }
  if (probed_.load() && now == trusted_.load()) return true;
  std::lock_guard lock(probe_mu_);
  if (probed_ && now == trusted_.load()) return true;
  // Something committed since the cache was filled: drop it before recording the value, so no
  // reader trusts the new value while pre-commit records are still in.
  forget_all();
  trusted_.store(now);
  probed_ = true;
  return true;
}

}  // namespace loginkit::cached
