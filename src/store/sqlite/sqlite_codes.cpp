#include "store/sqlite/sqlite_codes.hpp"

#include "store/sqlite/sqlite_rows.hpp"

namespace loginkit {
namespace {

using sqlite::bind_key;
using sqlite::bind_lookup;
using sqlite::insert_issued;
using sqlite::matches;

}  // namespace

std::optional<AuthCode> SqliteCodes::find_code(const HandleKey& key) {
  auto c = db_.pool.lease();
  auto s = c->prepare(key.legacy()
                          ? "SELECT secret_hash, grant_id, redirect_uri, code_challenge, "
                            "expires_at, consumed_at IS NOT NULL FROM codes WHERE legacy_hash = ?"
                          : "SELECT secret_hash, grant_id, redirect_uri, code_challenge, "
                            "expires_at, consumed_at IS NOT NULL FROM codes WHERE id = ?");
  bind_lookup(s, 1, key);
  if (!s.step() || !matches(s, 0, key)) return std::nullopt;
  return AuthCode{key.hash, s.i64(1), s.text(2), s.text(3), s.i64(4), s.i64(5) != 0, key.id};
}

RedeemOutcome SqliteCodes::redeem_code(const HandleKey& key, UnixSeconds now,
                                       const IssuedTokens& issued) {
  return db_.writer.run([&](sqlite::Connection& c) {
    auto s = key.legacy() ? c.prepare(
                                "UPDATE codes SET consumed_at = ? WHERE consumed_at IS NULL "
                                "AND legacy_hash = ?")
                          : c.prepare(
                                "UPDATE codes SET consumed_at = ? WHERE consumed_at IS NULL "
                                "AND id = ? AND secret_hash = ?");
    s.bind(1, now);
    bind_key(s, 2, key).run();
    if (c.changes() == 0) return RedeemOutcome::kAlreadyConsumed;
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
