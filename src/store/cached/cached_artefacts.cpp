#include "store/cached/cached_artefacts.hpp"

namespace loginkit::cached {
namespace {

// Legacy keys are a hex hash; id-keyed ones need the id too (two rows may share no digest, but a
// wrong secret for a real id must not hit another's entry).
std::string cache_key(const HandleKey& key) {
  return key.legacy() ? key.hash : std::to_string(key.id) + ':' + key.hash;
}

}  // namespace

std::optional<Developer> CachedDevelopers::find_developer(Id id) {
  return cache_.read(cache_.developers, id, [&] { return inner_.find_developer(id); });
}

std::optional<User> CachedUsers::find_user(Id id) {
  return cache_.read(cache_.users, id, [&] { return inner_.find_user(id); });
}

std::optional<App> CachedApps::find_app(Id id) {
  return cache_.read(cache_.apps, id, [&] { return inner_.find_app(id); });
}

std::optional<App> CachedApps::find_app_by_key(const std::string& client_key) {
  return cache_.read(cache_.apps_by_key, client_key,
                     [&] { return inner_.find_app_by_key(client_key); });
}

std::optional<App> CachedApps::find_app_core(Id id) {
  return cache_.read(cache_.app_cores, id, [&] { return inner_.find_app_core(id); });
}

std::optional<App> CachedApps::find_app_core_by_key(const std::string& client_key) {
  return cache_.read(cache_.app_cores_by_key, client_key,
                     [&] { return inner_.find_app_core_by_key(client_key); });
}

// Settings, secret, redirect URIs and domains: every cached form of every app goes (apps change
// rarely, and the key an entry was cached under is not worth tracking).
bool CachedApps::update_app(const App& app) {
  OnExit drop([this] { cache_.forget_apps(); });
  return inner_.update_app(app);
}

std::optional<Grant> CachedGrants::find_grant(Id id) {
  return cache_.read(cache_.grants, id, [&] { return inner_.find_grant(id); });
}

// Every cached access context of the grant's tokens goes too; they are not indexed by grant.
void CachedGrants::revoke_grant(Id grant_id, UnixSeconds now) {
  OnExit drop([this] { cache_.forget_grants(); });
  inner_.revoke_grant(grant_id, now);
}

// Revokes grants this layer cannot name without a read: all cached grants go.
void CachedGrants::disconnect(Id user_id, Id app_id, UnixSeconds now) {
  OnExit drop([this] { cache_.forget_grants(); });
  inner_.disconnect(user_id, app_id, now);
}

// A first redemption writes the grant's refresh deadline; a replay (or an engine that revokes the
// family itself, or a throw) may have changed grants this layer cannot name.
std::optional<GrantContext> CachedGrants::find_grant_context(Id grant_id,
                                                             const std::string& token_id) {
  return cache_.read(cache_.grant_contexts, std::to_string(grant_id) + ':' + token_id,
                     [&] { return inner_.find_grant_context(grant_id, token_id); });
}

void CachedRevokedTokens::deny_token(const std::string& token_id, UnixSeconds expires_at) {
  OnExit drop([this] { cache_.forget_denied(); });
  inner_.deny_token(token_id, expires_at);
}

RedeemOutcome CachedCodes::redeem_code(const HandleKey& key, UnixSeconds now,
                                       const IssuedTokens& issued) {
  bool redeemed = false;
  OnExit drop([&] {
    if (!redeemed) return cache_.forget_grants();
    for (const Token& t : issued.tokens) {
      if (t.grant_id) cache_.forget(cache_.grants, *t.grant_id);
    }
  });
  RedeemOutcome out = inner_.redeem_code(key, now, issued);
  redeemed = out == RedeemOutcome::kRedeemed;
  return out;
}

std::optional<AccessContext> CachedTokens::find_access_context(const HandleKey& key) {
  return cache_.read(cache_.access_contexts, cache_key(key),
                     [&] { return inner_.find_access_context(key); });
}

// Reuse of a rotated refresh token means a family revocation; a rotation itself marks the old
// token rotated and leaves the grant as it was, but its grant is dropped anyway in case an engine
// writes to it.
RotateOutcome CachedTokens::rotate_refresh(const HandleKey& old_key, UnixSeconds now,
                                           const IssuedTokens& issued) {
  bool rotated = false;
  OnExit drop([&] {
    if (!rotated) return cache_.forget_grants();
    cache_.forget(cache_.access_contexts, cache_key(old_key));
    for (const Token& t : issued.tokens) {
      if (t.grant_id) cache_.forget(cache_.grants, *t.grant_id);
    }
  });
  RotateOutcome out = inner_.rotate_refresh(old_key, now, issued);
  rotated = out == RotateOutcome::kRotated;
  return out;
}

// Engines revoke just the token today; the grants go anyway (with every access context), so an
// engine that revokes the token's grant too is never served stale.
void CachedTokens::revoke_token(const HandleKey& key, UnixSeconds now) {
  OnExit drop([this] { cache_.forget_grants(); });
  inner_.revoke_token(key, now);
}

std::int64_t CachedHousekeeping::purge_expired(UnixSeconds before, int limit) {
  OnExit drop([this] { cache_.forget_all(); });
  return inner_.purge_expired(before, limit);
}

}  // namespace loginkit::cached
