#include "store/postgres/pg_codes.hpp"

#include "store/postgres/pg_rows.hpp"

namespace loginkit {
namespace {

using pg::insert_tokens;
using pg::str;
using pg::unmatchable;

}  // namespace

std::optional<AuthCode> PgCodes::find_code(const std::string& hash) {
  if (unmatchable(hash)) return std::nullopt;
  auto c = db_.pool.lease();
  auto r = c->exec(
      "SELECT grant_id, redirect_uri, code_challenge, expires_at, consumed_at IS NOT NULL "
      "FROM codes WHERE hash = $1",
      {hash});
  if (r.empty()) return std::nullopt;
  return AuthCode{hash, r.i64(0, 0), r.text(0, 1), r.text(0, 2), r.i64(0, 3), r.flag(0, 4)};
}

// The conditional UPDATE takes the row lock: a concurrent redemption on another node waits,
// re-reads consumed_at and touches nothing, so exactly one wins (READ COMMITTED suffices).
RedeemOutcome PgCodes::redeem_code(const std::string& hash, UnixSeconds now,
                                   const IssuedTokens& issued) {
  auto c = db_.pool.lease();
  pg::Txn txn(*c);
  auto r = c->exec("UPDATE codes SET consumed_at = $1 WHERE hash = $2 AND consumed_at IS NULL",
                   {str(now), hash});
  if (r.affected() == 0) return RedeemOutcome::kAlreadyConsumed;
  insert_tokens(*c, issued, now);
  if (!issued.tokens.empty() && issued.tokens.front().grant_id) {
    c->exec("UPDATE grants SET refresh_deadline = $1 WHERE id = $2",
            {str(issued.refresh_deadline), str(*issued.tokens.front().grant_id)});
  }
  txn.commit();
  return RedeemOutcome::kRedeemed;
}

}  // namespace loginkit
