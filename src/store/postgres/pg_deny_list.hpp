#pragma once
#include "store/postgres/pg_engine.hpp"
#include "store/store.hpp"

namespace loginkit {

// Access tokens revoked one by one (the revoked_tokens table), kept until they would have
// expired.
class PgDenyList final : public RevokedTokenStore {
 public:
  explicit PgDenyList(pg::Engine& db) : db_(db) {}

  void deny_token(const std::string& token_id, UnixSeconds expires_at) override;
  bool is_denied(const std::string& token_id) override;
  std::int64_t purge_denied(UnixSeconds before, int limit) override;

 private:
  pg::Engine& db_;
};

}  // namespace loginkit
