#pragma once
#include "store/sqlite/sqlite_engine.hpp"
#include "store/store.hpp"

namespace loginkit {

// Authorization codes; redeeming one stores its tokens in the same transaction.
class SqliteCodes final : public CodeStore {
 public:
  explicit SqliteCodes(sqlite::Engine& db) : db_(db) {}

  std::optional<AuthCode> find_code(const HandleKey& key) override;
  RedeemOutcome redeem_code(const HandleKey& key, UnixSeconds now,
                            const IssuedTokens& issued) override;

 private:
  sqlite::Engine& db_;
};

}  // namespace loginkit
