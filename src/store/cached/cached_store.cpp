#include "store/cached/cached_store.hpp"

namespace loginkit {

CachedStore::CachedStore(std::unique_ptr<Store> inner, cached::CacheOptions options)
    : inner_(std::move(inner)), cache_(std::move(options)) {}

// A migration may rewrite any row.
void CachedStore::migrate() {
  cached::OnExit drop([this] { cache_.forget_all(); });
  inner_->migrate();
}

}  // namespace loginkit
