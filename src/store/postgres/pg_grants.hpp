#pragma once
#include "store/postgres/pg_engine.hpp"
#include "store/store.hpp"

namespace loginkit {

// Grants (revoking one revokes its tokens) and the consents behind them.
class PgGrants final : public GrantStore {
 public:
  explicit PgGrants(pg::Engine& db) : db_(db) {}

  Id create_grant_with_code(const Grant& g, const AuthCode& code) override;
  std::optional<Grant> find_grant(Id id) override;
  void revoke_grant(Id grant_id, UnixSeconds now) override;
  void disconnect(Id user_id, Id app_id, UnixSeconds now) override;
  std::optional<Consent> find_consent(Id user_id, Id app_id) override;
  void save_consent(const Consent& c) override;
  std::vector<Consent> list_consents(Id user_id) override;
  std::optional<GrantContext> find_grant_context(Id grant_id, const std::string& token_id) override;

 private:
  pg::Engine& db_;
};

}  // namespace loginkit
