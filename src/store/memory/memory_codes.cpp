#include "store/memory/memory_codes.hpp"

namespace loginkit {

std::optional<AuthCode> MemoryCodes::find_code(const std::string& hash) {
  std::lock_guard lock(db_.mu);
  return memory::row(db_.codes, hash);
}

RedeemOutcome MemoryCodes::redeem_code(const std::string& hash, UnixSeconds /*now*/,
                                       const IssuedTokens& issued) {
  std::lock_guard lock(db_.mu);
  auto it = db_.codes.find(hash);
  if (it == db_.codes.end() || it->second.consumed) return RedeemOutcome::kAlreadyConsumed;
  memory::check_new_tokens(db_, issued);  // before any change: a failed redemption changes nothing
  it->second.consumed = true;
  memory::put_tokens(db_, issued);
  if (!issued.tokens.empty() && issued.tokens.front().grant_id) {
    auto g = db_.grants.find(*issued.tokens.front().grant_id);
    if (g != db_.grants.end()) g->second.refresh_deadline = issued.refresh_deadline;
  }
  return RedeemOutcome::kRedeemed;
}

}  // namespace loginkit
