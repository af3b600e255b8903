#pragma once
#include "store/postgres/pg_engine.hpp"
#include "store/store.hpp"

namespace loginkit {

// Authorization codes; redeeming one stores its tokens in the same transaction.
class PgCodes final : public CodeStore {
 public:
  explicit PgCodes(pg::Engine& db) : db_(db) {}

  std::optional<AuthCode> find_code(const HandleKey& key) override;
  RedeemOutcome redeem_code(const HandleKey& key, UnixSeconds now,
                            const IssuedTokens& issued) override;

 private:
  pg::Engine& db_;
};

}  // namespace loginkit
