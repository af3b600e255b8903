#pragma once
#include "store/memory/memory_engine.hpp"
#include "store/store.hpp"

namespace loginkit {

// Authorization codes; redeeming one stores its tokens under the same lock.
class MemoryCodes final : public CodeStore {
 public:
  explicit MemoryCodes(memory::Engine& db) : db_(db) {}

  std::optional<AuthCode> find_code(const HandleKey& key) override;
  RedeemOutcome redeem_code(const HandleKey& key, UnixSeconds now,
                            const IssuedTokens& issued) override;

 private:
  memory::Engine& db_;
};

}  // namespace loginkit
