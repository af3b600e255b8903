#pragma once
// An in-memory Store holding one app, enough for client authentication: no SQLite in the fuzz
// loop, so each execution costs microseconds and stays deterministic.
#include <optional>
#include <string>
#include <vector>

#include "store/store.hpp"

namespace loginkit::fuzz {

class FakeStore final : public Store {
 public:
  explicit FakeStore(App app) : app_(std::move(app)) {}

  Id create_developer(const Developer&) override { return 0; }
  std::optional<Developer> find_developer(Id) override { return std::nullopt; }
  std::optional<Developer> find_developer_by_email(const std::string&) override {
    return std::nullopt;
  }
  Id create_user(const User&) override { return 0; }
  std::optional<User> find_user(Id) override { return std::nullopt; }
  std::optional<User> find_user_by_name(const std::string&) override { return std::nullopt; }
  Id create_app(const App&) override { return 0; }
  std::optional<App> find_app(Id id) override {
    return id == app_.id ? std::optional<App>(app_) : std::nullopt;
  }
  std::optional<App> find_app_by_key(const std::string& key) override {
    ++lookups;
    return key == app_.client_key ? std::optional<App>(app_) : std::nullopt;
  }
  std::vector<App> list_apps() override { return {app_}; }
  std::optional<App> find_app_core(Id id) override { return find_app(id); }
  std::optional<App> find_app_core_by_key(const std::string& key) override {
    return find_app_by_key(key);
  }
  void update_app(const App&) override {}
  Id create_grant_with_code(const Grant&, const AuthCode&) override { return 0; }
  std::optional<Grant> find_grant(Id) override { return std::nullopt; }
  void revoke_grant(Id, UnixSeconds) override {}
  void disconnect(Id, Id, UnixSeconds) override {}
  std::optional<Consent> find_consent(Id, Id) override { return std::nullopt; }
  void save_consent(const Consent&) override {}
  std::vector<Consent> list_consents(Id) override { return {}; }
  std::optional<AuthCode> find_code(const std::string&) override { return std::nullopt; }
  RedeemOutcome redeem_code(const std::string&, UnixSeconds, const IssuedTokens&) override {
    return RedeemOutcome::kAlreadyConsumed;
  }
  void insert_token(const Token&) override {}
  std::optional<Token> find_token(const std::string&) override { return std::nullopt; }
  RotateOutcome rotate_refresh(const std::string&, UnixSeconds, const IssuedTokens&) override {
    return RotateOutcome::kNotActive;
  }
  void revoke_token(const std::string&, UnixSeconds) override {}
  std::optional<AccessContext> find_access_context(const std::string&) override {
    return std::nullopt;
  }
  void create_session(const Session&) override {}
  std::optional<Session> find_session(const std::string&, UnixSeconds) override {
    return std::nullopt;
  }
  void delete_session(const std::string&) override {}
  void count_v1_call(const V1CallCount&) override {}
  std::vector<V1CallCount> v1_calls_since(UnixSeconds) override { return {}; }
  void record_audit(const AuditEvent&) override {}
  std::vector<AuditEvent> list_audit(Id, int) override { return {}; }
  std::string server_key() override { return "fuzz-server-key"; }
  void migrate() override {}
  int schema_version() override { return 0; }
  int latest_schema_version() const override { return 0; }
  bool reachable() override { return true; }

  int lookups = 0;

 private:
  App app_;
};

class FixedClock final : public Clock {
 public:
  UnixSeconds now() const override { return 1'700'000'000; }
};

}  // namespace loginkit::fuzz
