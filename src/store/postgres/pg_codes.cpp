#include "store/postgres/pg_codes.hpp"

#include "store/postgres/pg_rows.hpp"

namespace loginkit {
namespace {

using pg::insert_tokens;
using pg::key_params;
using pg::matches;
using pg::str;
using pg::unmatchable;

}  // namespace

std::optional<AuthCode> PgCodes::find_code(const HandleKey& key) {
  if (key.legacy() && unmatchable(key.hash)) return std::nullopt;
  auto c = db_.pool.lease();
  auto r = key.legacy()
               ? c->exec(
                     "SELECT secret_hash, grant_id, redirect_uri, code_challenge, "
                     "expires_at, consumed_at IS NOT NULL FROM codes WHERE legacy_hash = $1",
                     {key.hash})
               : c->exec(
                     "SELECT secret_hash, grant_id, redirect_uri, code_challenge, "
                     "expires_at, consumed_at IS NOT NULL FROM codes WHERE id = $1",
                     {str(key.id)});
  if (r.empty() || !matches(r, 0, key)) return std::nullopt;
  return AuthCode{key.hash,    r.i64(0, 1),  r.text(0, 2), r.text(0, 3),
                  r.i64(0, 4), r.flag(0, 5), key.id};
}

// The conditional UPDATE takes the row lock: a concurrent redemption on another node waits,
// re-reads consumed_at and touches nothing, so exactly one wins (READ COMMITTED suffices).
RedeemOutcome PgCodes::redeem_code(const HandleKey& key, UnixSeconds now,
                                   const IssuedTokens& issued) {
  if (key.legacy() && unmatchable(key.hash)) return RedeemOutcome::kAlreadyConsumed;
  auto c = db_.pool.lease();
  pg::Txn txn(*c);
  std::vector<pg::Param> params{str(now)};
  auto k = key_params(key);
  params.insert(params.end(), k.begin(), k.end());
  auto r = c->exec(key.legacy() ? "UPDATE codes SET consumed_at = $1 WHERE consumed_at IS NULL "
                                  "AND legacy_hash = $2"
                                : "UPDATE codes SET consumed_at = $1 WHERE consumed_at IS NULL "
                                  "AND id = $2 AND secret_hash = $3",
                   params);
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
