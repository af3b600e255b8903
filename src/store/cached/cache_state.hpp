#pragma once
// What the caching decorator's artefact classes share: the cached read verbs, the generation that
// every invalidation bumps, and the change probe that tells when another connection (another
// process, or this process's own writer) committed to the database.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include "store/cached/read_cache.hpp"
#include "store/records.hpp"
#include "store/store.hpp"

namespace loginkit::cached {

struct CacheOptions {
  std::size_t capacity = 8192;  // entries per cached read verb
  // Returns a value that changes whenever any connection commits to the database (SQLite: PRAGMA
  // data_version on a connection of its own). Asked before every use of the cache; when it
  // changed, everything cached is dropped. Empty for an engine whose only writer is this process
  // and whose every write passes through the decorator (the memory engine).
  std::function<std::uint64_t()> change_probe;
};

class CacheState {
 public:
  explicit CacheState(CacheOptions options);

  // The read-through step of every cached verb: the cached record if the cache may be trusted and
  // holds `key`, else `load()`, kept for next time.
  template <typename Key, typename Value, typename Load>
  std::optional<Value> read(ReadCache<Key, Value>& cache, const Key& key, Load&& load) {
    if (!revalidate()) return load();
    if (auto hit = cache.find(key)) return hit;
    std::uint64_t seen = generation_.load();
    std::optional<Value> fresh = load();
    if (fresh) cache.insert(key, *fresh, seen);  // not found is never cached
    return fresh;
  }

  template <typename Key, typename Value>
  void forget(ReadCache<Key, Value>& cache, const Key& key) {
    ++generation_;
    cache.erase(key);
  }
  void forget_apps();    // and the access contexts (they hold the app's developer)
  void forget_grants();  // and the access contexts (they fold the grant's revocation in)
  void forget_all();
  void forget_denied();  // a token joined the deny-list

  ReadCache<Id, Developer> developers;
  ReadCache<Id, User> users;
  ReadCache<Id, App> apps;                       // find_app
  ReadCache<Id, App> app_cores;                  // find_app_core
  ReadCache<std::string, App> apps_by_key;       // find_app_by_key
  ReadCache<std::string, App> app_cores_by_key;  // find_app_core_by_key
  ReadCache<Id, Grant> grants;
  // find_access_context, by token hash: user info's one read. A token's grant, app and user are
  // folded in, so whatever drops grants or apps drops these too.
  ReadCache<std::string, AccessContext> access_contexts;
  // find_grant_context, by grant id and token id: a self-validating token's one read. It folds in
  // the grant's revocation, the app's developer and the token's deny-list entry, so whatever
  // drops grants or apps, or denies a token, drops these too.
  ReadCache<std::string, GrantContext> grant_contexts;

 private:
  // False when the cache must not be used for this read (the probe failed); drops everything
  // when the probe shows a commit since the last check.
  bool revalidate();

  std::atomic<std::uint64_t> generation_{0};
  std::function<std::uint64_t()> probe_;
  std::mutex probe_mu_;                    // orders drops against the value they record
  std::atomic<std::uint64_t> trusted_{0};  // the probe's value the cache is valid for
  std::atomic<bool> probed_{false};        // trusted_ holds a value the probe returned
};

// Runs `f` when the scope ends, by return or by throw: a write verb invalidates whatever it may
// have changed even when the engine threw (the write may have committed before the throw).
template <typename F>
class OnExit {
 public:
  explicit OnExit(F f) : f_(std::move(f)) {}
  ~OnExit() { f_(); }
  OnExit(const OnExit&) = delete;
  OnExit& operator=(const OnExit&) = delete;

 private:
  F f_;
};

}  // namespace loginkit::cached
