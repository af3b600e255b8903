#pragma once
// A read cache in front of an engine: client authentication reads its app row on every token
// request, and user info its token joined with grant, app and user (or, on v1, grant and app);
// this decorator answers those reads from memory and forwards everything else. Cached: apps by id
// and by client key (full and core forms), users, developers and grants by id, access contexts by
// token hash, grant contexts by grant and token id. Not found is never cached.
//
// Coherence. Every write verb that passes through the decorator drops what it may have changed
// before it returns (cached_artefacts.cpp), so a revocation or a new secret shows at once in this
// process. Writes that do not pass through it (another process on the same SQLite file: the CLI,
// a second server) are caught by the engine's change probe, asked before every use of the cache
// (CacheOptions::change_probe): any commit by any other connection drops everything. Without a
// probe the decorator is only coherent when it sees every write: one process, one store (the
// memory engine). It is never built over PostgreSQL, where other nodes write.
//
// Adding a verb to an interface of store.hpp:
//   - pass-through: forward it in the artefact class of cached_artefacts.hpp (one line);
//     an artefact the decorator does not wrap at all is returned from the engine directly here.
//   - write verb: forward it under `OnExit drop([this] { cache_.forget_...(); });` naming every
//     cache whose records it may change (when unsure, forget_all()).
//   - cached read verb: add a ReadCache member to CacheState (and to the forget_* family whose
//     writes change it), then `return cache_.read(cache_.<member>, key, [&] { return
//     inner_.<verb>(key); });`.
#include <memory>

#include "store/cached/cache_state.hpp"
#include "store/cached/cached_artefacts.hpp"
#include "store/store.hpp"

namespace loginkit {

class CachedStore final : public Store {
 public:
  CachedStore(std::unique_ptr<Store> inner, cached::CacheOptions options);

  DeveloperStore& developers() override { return developers_; }
  UserStore& users() override { return users_; }
  AppStore& apps() override { return apps_; }
  GrantStore& grants() override { return grants_; }
  CodeStore& codes() override { return codes_; }
  TokenStore& tokens() override { return tokens_; }
  SessionStore& sessions() override { return inner_->sessions(); }
  V1UsageStore& v1_usage() override { return inner_->v1_usage(); }
  AuditStore& audit() override { return inner_->audit(); }
  HousekeepingStore& housekeeping() override { return housekeeping_; }
  RevokedTokenStore& revoked_tokens() override { return revoked_tokens_; }
  MetaStore& meta() override { return inner_->meta(); }

  void migrate() override;
  int schema_version() override { return inner_->schema_version(); }
  int latest_schema_version() const override { return inner_->latest_schema_version(); }
  bool reachable() override { return inner_->reachable(); }
  void observe_commits(const std::function<void(std::size_t, double)>& observer) override {
    inner_->observe_commits(observer);
  }

  Store& inner() { return *inner_; }

 private:
  std::unique_ptr<Store> inner_;
  cached::CacheState cache_;
  cached::CachedDevelopers developers_{inner_->developers(), cache_};
  cached::CachedUsers users_{inner_->users(), cache_};
  cached::CachedApps apps_{inner_->apps(), cache_};
  cached::CachedGrants grants_{inner_->grants(), cache_};
  cached::CachedCodes codes_{inner_->codes(), cache_};
  cached::CachedTokens tokens_{inner_->tokens(), cache_};
  cached::CachedHousekeeping housekeeping_{inner_->housekeeping(), cache_};
  cached::CachedRevokedTokens revoked_tokens_{inner_->revoked_tokens(), cache_};
};

}  // namespace loginkit
