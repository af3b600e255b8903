#pragma once
// The read cache over a SQLite store, with the change probe that makes other processes' commits
// on the same file drop it (sqlite_change_probe.hpp). Links lk_store_cached and lk_store_sqlite.
#include <memory>
#include <string>

#include "store/cached/cached_store.hpp"
#include "store/sqlite/sqlite_change_probe.hpp"

namespace loginkit {

// `sqlite` is a store opened on the database file at `path`.
inline std::unique_ptr<Store> cached_sqlite_store(std::unique_ptr<Store> sqlite,
                                                  const std::string& path,
                                                  cached::CacheOptions options = {}) {
  auto probe = std::make_shared<sqlite::ChangeProbe>(path);
  options.change_probe = [probe] { return probe->version(); };
  return std::make_unique<CachedStore>(std::move(sqlite), std::move(options));
}

}  // namespace loginkit
