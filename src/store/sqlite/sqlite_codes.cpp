#include "store/sqlite/sqlite_codes.hpp"

#include "store/sqlite/sqlite_rows.hpp"

namespace loginkit {
namespace {

using sqlite::insert_issued;

}  // namespace

std::optional<AuthCode> SqliteCodes::find_code(const std::string& hash) {
  auto c = db_.pool.lease();
  auto s = c->prepare(
      "SELECT grant_id, redirect_uri, code_challenge, expires_at, consumed_at IS NOT NULL "
      "FROM codes WHERE hash = ?");
  s.bind(1, hash);
  if (!s.step()) return std::nullopt;
  return AuthCode{hash, s.i64(0), s.text(1), s.text(2), s.i64(3), s.i64(4) != 0};
}

RedeemOutcome SqliteCodes::redeem_code(const std::string& hash, UnixSeconds now,
                                       const IssuedTokens& issued) {
  return db_.writer.run([&](sqlite::Connection& conn) {
    auto* c = &conn;
    c->prepare("UPDATE codes SET consumed_at = ? WHERE hash = ? AND consumed_at IS NULL")
        .bind_all(now, hash)
        .run();
    if (c->changes() == 0) return RedeemOutcome::kAlreadyConsumed;
    insert_issued(*c, issued, now);
    if (!issued.tokens.empty() && issued.tokens.front().grant_id) {
      c->prepare("UPDATE grants SET refresh_deadline = ? WHERE id = ?")
          .bind_all(issued.refresh_deadline, *issued.tokens.front().grant_id)
          .run();
    }
    return RedeemOutcome::kRedeemed;
  });
}

}  // namespace loginkit
