#include "store/sqlite/sqlite_codes.hpp"

#include "store/sqlite/sqlite_rows.hpp"

namespace loginkit {
namespace {

using sqlite::HandleSql;
using sqlite::insert_issued;

constexpr HandleSql kFind{
    "SELECT secret_hash, grant_id, redirect_uri, code_challenge, expires_at, "
    "consumed_at IS NOT NULL FROM codes WHERE id = ?",
    "SELECT secret_hash, grant_id, redirect_uri, code_challenge, expires_at, "
    "consumed_at IS NOT NULL FROM codes WHERE legacy_hash = ?"};
constexpr HandleSql kRedeem{
    "UPDATE codes SET consumed_at = ? WHERE consumed_at IS NULL AND id = ? AND secret_hash = ?",
    "UPDATE codes SET consumed_at = ? WHERE consumed_at IS NULL AND legacy_hash = ?"};

}  // namespace

std::optional<AuthCode> SqliteCodes::find_code(const HandleKey& key) {
  auto c = db_.pool.lease();
  auto s = c->prepare(kFind.of(key));
  if (!sqlite::step_to_handle(s, key)) return std::nullopt;
  return AuthCode{key.hash, s.i64(1), s.text(2), s.text(3), s.i64(4), s.i64(5) != 0, key.id};
}

RedeemOutcome SqliteCodes::redeem_code(const HandleKey& key, UnixSeconds now,
                                       const IssuedTokens& issued) {
  return db_.writer.run([&](sqlite::Connection& c) {
    if (sqlite::mark_handle(c, kRedeem, now, key) == 0) return RedeemOutcome::kAlreadyConsumed;
    insert_issued(c, issued, now);
    if (!issued.tokens.empty() && issued.tokens.front().grant_id) {
      c.prepare("UPDATE grants SET refresh_deadline = ? WHERE id = ?")
          .bind_all(issued.refresh_deadline, *issued.tokens.front().grant_id)
          .run();
    }
    return RedeemOutcome::kRedeemed;
  });
}

}  // namespace loginkit
