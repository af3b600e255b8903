#pragma once
// The caching decorator's artefact classes: each forwards every verb to the engine's, answers the
// cached read verbs from CacheState, and makes each write verb drop whatever it may have changed
// (cached_store.hpp says how to add a verb).
#include <optional>
#include <string>
#include <vector>

#include "store/cached/cache_state.hpp"
#include "store/store.hpp"

namespace loginkit::cached {

class CachedDevelopers final : public DeveloperStore {
 public:
  CachedDevelopers(DeveloperStore& inner, CacheState& cache) : inner_(inner), cache_(cache) {}
  Id create_developer(const Developer& d) override { return inner_.create_developer(d); }
  std::optional<Developer> find_developer(Id id) override;
  std::optional<Developer> find_developer_by_email(const std::string& email) override {
    return inner_.find_developer_by_email(email);
  }

 private:
  DeveloperStore& inner_;
  CacheState& cache_;
};

class CachedUsers final : public UserStore {
 public:
  CachedUsers(UserStore& inner, CacheState& cache) : inner_(inner), cache_(cache) {}
  Id create_user(const User& u) override { return inner_.create_user(u); }
  std::optional<User> find_user(Id id) override;
  std::optional<User> find_user_by_name(const std::string& username) override {
    return inner_.find_user_by_name(username);
  }

 private:
  UserStore& inner_;
  CacheState& cache_;
};

class CachedApps final : public AppStore {
 public:
  CachedApps(AppStore& inner, CacheState& cache) : inner_(inner), cache_(cache) {}
  Id create_app(const App& app) override { return inner_.create_app(app); }
  std::optional<App> find_app(Id id) override;
  std::optional<App> find_app_by_key(const std::string& client_key) override;
  std::vector<App> list_apps() override { return inner_.list_apps(); }
  std::optional<App> find_app_core(Id id) override;
  std::optional<App> find_app_core_by_key(const std::string& client_key) override;
  bool update_app(const App& app) override;

 private:
  AppStore& inner_;
  CacheState& cache_;
};

class CachedGrants final : public GrantStore {
 public:
  CachedGrants(GrantStore& inner, CacheState& cache) : inner_(inner), cache_(cache) {}
  Id create_grant_with_code(const Grant& g, const AuthCode& code) override {
    return inner_.create_grant_with_code(g, code);
  }
  std::optional<Grant> find_grant(Id id) override;
  void revoke_grant(Id grant_id, UnixSeconds now) override;
  void disconnect(Id user_id, Id app_id, UnixSeconds now) override;
  std::optional<Consent> find_consent(Id user_id, Id app_id) override {
    return inner_.find_consent(user_id, app_id);
  }
  void save_consent(const Consent& c) override { inner_.save_consent(c); }
  std::vector<Consent> list_consents(Id user_id) override { return inner_.list_consents(user_id); }
  std::optional<GrantContext> find_grant_context(Id grant_id, const std::string& token_id) override;

 private:
  GrantStore& inner_;
  CacheState& cache_;
};

class CachedCodes final : public CodeStore {
 public:
  CachedCodes(CodeStore& inner, CacheState& cache) : inner_(inner), cache_(cache) {}
  std::optional<AuthCode> find_code(const HandleKey& key) override { return inner_.find_code(key); }
  RedeemOutcome redeem_code(const HandleKey& key, UnixSeconds now,
                            const IssuedTokens& issued) override;

 private:
  CodeStore& inner_;
  CacheState& cache_;
};

class CachedTokens final : public TokenStore {
 public:
  CachedTokens(TokenStore& inner, CacheState& cache) : inner_(inner), cache_(cache) {}
  void insert_token(const Token& t) override { inner_.insert_token(t); }
  std::optional<Token> find_token(const HandleKey& key) override { return inner_.find_token(key); }
  RotateOutcome rotate_refresh(const HandleKey& old_key, UnixSeconds now,
                               const IssuedTokens& issued) override;
  void revoke_token(const HandleKey& key, UnixSeconds now) override;
  std::optional<AccessContext> find_access_context(const HandleKey& key) override;

 private:
  TokenStore& inner_;
  CacheState& cache_;
};

class CachedRevokedTokens final : public RevokedTokenStore {
 public:
  CachedRevokedTokens(RevokedTokenStore& inner, CacheState& cache) : inner_(inner), cache_(cache) {}
  void deny_token(const std::string& token_id, UnixSeconds expires_at) override;
  bool is_denied(const std::string& token_id) override { return inner_.is_denied(token_id); }
  // Only entries of expired tokens go, and validation refuses those before it reads a context.
  std::int64_t purge_denied(UnixSeconds before, int limit) override {
    return inner_.purge_denied(before, limit);
  }

 private:
  RevokedTokenStore& inner_;
  CacheState& cache_;
};

class CachedHousekeeping final : public HousekeepingStore {
 public:
  CachedHousekeeping(HousekeepingStore& inner, CacheState& cache) : inner_(inner), cache_(cache) {}
  std::int64_t purge_expired(UnixSeconds before, int limit) override;

 private:
  HousekeepingStore& inner_;
  CacheState& cache_;
};

}  // namespace loginkit::cached
