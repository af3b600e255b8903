#include "store/memory/memory_codes.hpp"

namespace loginkit {

std::optional<AuthCode> MemoryCodes::find_code(const HandleKey& key) {
  std::lock_guard lock(db_.mu);
  return memory::copy_of<AuthCode>(memory::find_by_key(db_.codes, db_.legacy_codes, key));
}

RedeemOutcome MemoryCodes::redeem_code(const HandleKey& key, UnixSeconds /*now*/,
                                       const IssuedTokens& issued) {
  std::lock_guard lock(db_.mu);
  AuthCode* code = memory::find_by_key(db_.codes, db_.legacy_codes, key);
  if (code == nullptr || code->consumed) return RedeemOutcome::kAlreadyConsumed;
  memory::check_new_tokens(db_, issued);  // before any change: a failed redemption changes nothing
  code->consumed = true;
  memory::put_tokens(db_, issued);
  if (!issued.tokens.empty() && issued.tokens.front().grant_id) {
    auto g = db_.grants.find(*issued.tokens.front().grant_id);
    if (g != db_.grants.end()) g->second.refresh_deadline = issued.refresh_deadline;
  }
  return RedeemOutcome::kRedeemed;
}

}  // namespace loginkit
