#pragma once
#include <mutex>
#include <string>

#include "core/suspend.hpp"
#include "store/postgres/pg_db.hpp"
#include "store/store.hpp"

namespace loginkit {

// The engine for several stateless nodes: one PostgreSQL database shared by all of them.
class PgStore final : public Store,
                      public DeveloperStore,
                      public UserStore,
                      public AppStore,
                      public GrantStore,
                      public CodeStore,
                      public TokenStore,
                      public SessionStore,
                      public V1UsageStore,
                      public AuditStore,
                      public HousekeepingStore,
                      public MetaStore {
 public:
  // No more connections than blocking calls can be in progress at once (core/suspend.hpp).
  explicit PgStore(const std::string& conninfo)
      : conninfo_(conninfo), pool_(conninfo, blocking_threads()) {}

  DeveloperStore& developers() override { return *this; }
  UserStore& users() override { return *this; }
  AppStore& apps() override { return *this; }
  GrantStore& grants() override { return *this; }
  CodeStore& codes() override { return *this; }
  TokenStore& tokens() override { return *this; }
  SessionStore& sessions() override { return *this; }
  V1UsageStore& v1_usage() override { return *this; }
  AuditStore& audit() override { return *this; }
  HousekeepingStore& housekeeping() override { return *this; }
  MetaStore& meta() override { return *this; }

  void migrate() override;
  int schema_version() override;
  int latest_schema_version() const override;
  bool reachable() override;

  Id create_developer(const Developer& d) override;
  std::optional<Developer> find_developer(Id id) override;
  std::optional<Developer> find_developer_by_email(const std::string& email) override;

  Id create_user(const User& u) override;
  std::optional<User> find_user(Id id) override;
  std::optional<User> find_user_by_name(const std::string& username) override;

  Id create_app(const App& app) override;
  std::optional<App> find_app(Id id) override;
  std::optional<App> find_app_by_key(const std::string& client_key) override;
  std::vector<App> list_apps() override;
  std::optional<App> find_app_core(Id id) override;
  std::optional<App> find_app_core_by_key(const std::string& client_key) override;
  bool update_app(const App& app) override;

  Id create_grant_with_code(const Grant& g, const AuthCode& code) override;
  std::optional<Grant> find_grant(Id id) override;
  void revoke_grant(Id grant_id, UnixSeconds now) override;
  void disconnect(Id user_id, Id app_id, UnixSeconds now) override;
  std::optional<Consent> find_consent(Id user_id, Id app_id) override;
  void save_consent(const Consent& c) override;
  std::vector<Consent> list_consents(Id user_id) override;

  std::optional<AuthCode> find_code(const std::string& hash) override;
  RedeemOutcome redeem_code(const std::string& hash, UnixSeconds now,
                            const IssuedTokens& issued) override;

  void insert_token(const Token& t) override;
  std::optional<Token> find_token(const std::string& hash) override;
  RotateOutcome rotate_refresh(const std::string& old_hash, UnixSeconds now,
                               const IssuedTokens& issued) override;
  void revoke_token(const std::string& hash, UnixSeconds now) override;
  std::optional<AccessContext> find_access_context(const std::string& hash) override;

  void create_session(const Session& s) override;
  std::optional<Session> find_session(const std::string& hash, UnixSeconds now) override;
  void delete_session(const std::string& hash) override;

  void count_v1_call(const V1CallCount& call) override;
  std::vector<V1CallCount> v1_calls_since(UnixSeconds day) override;

  void record_audit(const AuditEvent& event) override;
  std::int64_t purge_expired(UnixSeconds before, int limit) override;
  std::vector<AuditEvent> list_audit(Id app_id, int limit) override;

  std::optional<std::string> read_meta(const std::string& key) override;
  std::string claim_meta(const std::string& key, const std::string& value) override;
  void delete_meta(const std::string& key) override;

 private:
  std::string conninfo_;
  pg::Pool pool_;
};

}  // namespace loginkit
