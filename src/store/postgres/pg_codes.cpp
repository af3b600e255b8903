#include "store/postgres/pg_codes.hpp"

#include "store/postgres/pg_rows.hpp"

namespace loginkit {
namespace {

using pg::matches;
using pg::str;
using pg::unmatchable;

constexpr pg::HandleSql kRedeem{
    "UPDATE codes SET consumed_at = $1 WHERE consumed_at IS NULL AND id = $2 AND secret_hash = $3",
    "UPDATE codes SET consumed_at = $1 WHERE consumed_at IS NULL AND legacy_hash = $2"};

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

RedeemOutcome PgCodes::redeem_code(const HandleKey& key, UnixSeconds now,
                                   const IssuedTokens& issued) {
  auto c = db_.pool.lease();
  return pg::mark_then_issue(*c, kRedeem, now, key, issued, /*set_deadline=*/true)
             ? RedeemOutcome::kRedeemed
             : RedeemOutcome::kAlreadyConsumed;
}

}  // namespace loginkit
