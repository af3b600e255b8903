#pragma once
// Narrow per-artefact storage interfaces (DESIGN.md). Protocol code sees only these; each engine
// (sqlite/, postgres/, memory/) implements each of them in its own class. Verbs that must be atomic
// across rows (consume a code and issue its tokens, rotate a refresh token) are single calls so no
// engine can split them.
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "store/records.hpp"

namespace loginkit {

// Thrown by every engine when an insert hits a unique key (a username, an email taken meanwhile
// by a concurrent request, perhaps on another node).
class DuplicateKey : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class DeveloperStore {
 public:
  virtual ~DeveloperStore() = default;
  virtual Id create_developer(const Developer& d) = 0;
  virtual std::optional<Developer> find_developer(Id id) = 0;
  virtual std::optional<Developer> find_developer_by_email(const std::string& email) = 0;
};

class UserStore {
 public:
  virtual ~UserStore() = default;
  virtual Id create_user(const User& u) = 0;
  virtual std::optional<User> find_user(Id id) = 0;
  virtual std::optional<User> find_user_by_name(const std::string& username) = 0;
};

class AppStore {
 public:
  virtual ~AppStore() = default;
  virtual Id create_app(const App& app) = 0;  // with its redirect URIs, in one transaction
  virtual std::optional<App> find_app(Id id) = 0;
  virtual std::optional<App> find_app_by_key(const std::string& client_key) = 0;
  virtual std::vector<App> list_apps() = 0;
  // The app row alone, without redirect URIs and legacy domains: what client authentication and
  // user info need, in one query.
  virtual std::optional<App> find_app_core(Id id) = 0;
  virtual std::optional<App> find_app_core_by_key(const std::string& client_key) = 0;
  // Replaces the app's mutable settings, redirect URIs and legacy domains in one transaction, only
  // if the stored row is still at `app.version` (compare-and-set); the row then moves to
  // version + 1. Returns false, changing nothing, when someone else updated it meanwhile.
  [[nodiscard]] virtual bool update_app(const App& app) = 0;
};

struct IssuedTokens {
  std::vector<Token> tokens;
  UnixSeconds refresh_deadline = 0;  // written to the grant on first redemption
};

enum class RedeemOutcome { kRedeemed, kAlreadyConsumed };
enum class RotateOutcome { kRotated, kNotActive };

// What validating a self-validating user access token needs about its grant, read in one query:
// the grant, its user, its app's developer (union_id) and whether the token was revoked alone.
struct GrantContext {
  Grant grant;
  Id developer_id = 0;  // of the grant's app
  User user;
  bool token_denied = false;  // the token id is on the deny-list (RevokedTokenStore)
};

class GrantStore {
 public:
  virtual ~GrantStore() = default;
  virtual Id create_grant_with_code(const Grant& g, const AuthCode& code) = 0;
  virtual std::optional<Grant> find_grant(Id id) = 0;
  // Revokes the grant and therefore every token hanging off it.
  virtual void revoke_grant(Id grant_id, UnixSeconds now) = 0;
  // Revokes every grant of (user, app) and forgets the consent: "disconnect".
  virtual void disconnect(Id user_id, Id app_id, UnixSeconds now) = 0;
  virtual std::optional<Consent> find_consent(Id user_id, Id app_id) = 0;
  virtual void save_consent(const Consent& c) = 0;
  virtual std::vector<Consent> list_consents(Id user_id) = 0;
  // The grant joined with its user and its app's developer, and whether `token_id` is denied
  // (RevokedTokenStore), in one round trip; none when the grant, its app or its user is gone.
  virtual std::optional<GrantContext> find_grant_context(Id grant_id,
                                                         const std::string& token_id) = 0;
};

class CodeStore {
 public:
  virtual ~CodeStore() = default;
  virtual std::optional<AuthCode> find_code(const HandleKey& key) = 0;
  // Marks the code consumed and stores the tokens in one transaction, only if it was unconsumed.
  virtual RedeemOutcome redeem_code(const HandleKey& key, UnixSeconds now,
                                    const IssuedTokens& issued) = 0;
};

class TokenStore {
 public:
  virtual ~TokenStore() = default;
  virtual void insert_token(const Token& t) = 0;
  // Token with `revoked` folded in from its grant.
  virtual std::optional<Token> find_token(const HandleKey& key) = 0;
  // Marks `old_key` rotated and stores `issued` in one transaction, only if it was still active.
  virtual RotateOutcome rotate_refresh(const HandleKey& old_key, UnixSeconds now,
                                       const IssuedTokens& issued) = 0;
  virtual void revoke_token(const HandleKey& key, UnixSeconds now) = 0;
  // A user token (one with a grant) joined with its grant, app and user; the hot path of user
  // info reads this one row instead of four.
  virtual std::optional<AccessContext> find_access_context(const HandleKey& key) = 0;
};

class SessionStore {
 public:
  virtual ~SessionStore() = default;
  virtual void create_session(const Session& s) = 0;
  virtual std::optional<Session> find_session(const std::string& hash, UnixSeconds now) = 0;
  virtual void delete_session(const std::string& hash) = 0;
};

class V1UsageStore {
 public:
  virtual ~V1UsageStore() = default;
  virtual void count_v1_call(const V1CallCount& call) = 0;  // adds call.count to its day's row
  virtual std::vector<V1CallCount> v1_calls_since(UnixSeconds day) = 0;
};

class AuditStore {
 public:
  virtual ~AuditStore() = default;
  virtual void record_audit(const AuditEvent& event) = 0;
  // Newest first; app_id 0 = every app.
  virtual std::vector<AuditEvent> list_audit(Id app_id, int limit) = 0;
};

class HousekeepingStore {
 public:
  virtual ~HousekeepingStore() = default;
  // Deletes up to `limit` codes, tokens and sessions that expired before `before`; returns how
  // many rows went. Engines make sure only one node purges at a time and that each call holds
  // the write path only briefly. Returns 0 when another node holds the purge.
  virtual std::int64_t purge_expired(UnixSeconds before, int limit) = 0;
};

// Self-validating access tokens (oauth/access_token_codec.hpp) have no row to mark revoked: one
// revoked alone (a client token at the revoke endpoint) is listed here by its token id until it
// would have expired anyway. Revoking a grant needs no entry: its tokens check the grant.
class RevokedTokenStore {
 public:
  virtual ~RevokedTokenStore() = default;
  // Durable when it returns, like every revocation.
  virtual void deny_token(const std::string& token_id, UnixSeconds expires_at) = 0;
  virtual bool is_denied(const std::string& token_id) = 0;
  // Deletes up to `limit` entries whose token expired before `before`; returns how many went.
  virtual std::int64_t purge_denied(UnixSeconds before, int limit) = 0;
};

// Server-wide settings (the `meta` table). The server key itself is never here: it lives in a key
// file (cli/key_file.hpp); older versions kept it under "server_key" and the first start of this
// one moves it out.
class MetaStore {
 public:
  virtual ~MetaStore() = default;
  virtual std::optional<std::string> read_meta(const std::string& key) = 0;
  // Stores `value` under `key` unless the key holds one already (first writer wins, across
  // nodes); returns what the key holds afterwards.
  virtual std::string claim_meta(const std::string& key, const std::string& value) = 0;
  virtual void delete_meta(const std::string& key) = 0;
};

// One engine's storage: each artefact's interface through its accessor, plus the verbs about the
// database as a whole. Callers name the artefact they touch (`store.apps().find_app(id)`), so a
// function that only reads tokens shows it, and an engine implements each artefact on its own.
class Store {
 public:
  virtual ~Store() = default;

  virtual DeveloperStore& developers() = 0;
  virtual UserStore& users() = 0;
  virtual AppStore& apps() = 0;
  virtual GrantStore& grants() = 0;
  virtual CodeStore& codes() = 0;
  virtual TokenStore& tokens() = 0;
  virtual SessionStore& sessions() = 0;
  virtual V1UsageStore& v1_usage() = 0;
  virtual AuditStore& audit() = 0;
  virtual HousekeepingStore& housekeeping() = 0;
  virtual MetaStore& meta() = 0;
  virtual RevokedTokenStore& revoked_tokens() = 0;

  virtual void migrate() = 0;
  virtual int schema_version() = 0;
  virtual int latest_schema_version() const = 0;  // what this binary's migrations reach
  virtual bool reachable() = 0;                   // a fresh round trip to the database works
  // Engines that group commits report each commit (writes in it, seconds taken); default none.
  virtual void observe_commits(const std::function<void(std::size_t, double)>& /*observer*/) {}
};

}  // namespace loginkit
