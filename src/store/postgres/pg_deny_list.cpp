#include "store/postgres/pg_deny_list.hpp"

#include "store/postgres/pg_rows.hpp"

namespace loginkit {

using pg::str;

void PgDenyList::deny_token(const std::string& token_id, UnixSeconds expires_at) {
  if (pg::unmatchable(token_id)) return;
  auto c = db_.pool.lease();
  c->exec(
      "INSERT INTO revoked_tokens(token_id, expires_at) VALUES ($1, $2) "
      "ON CONFLICT (token_id) DO UPDATE SET "
      "expires_at = GREATEST(revoked_tokens.expires_at, excluded.expires_at)",
      {token_id, str(expires_at)});
}

bool PgDenyList::is_denied(const std::string& token_id) {
  if (pg::unmatchable(token_id)) return false;
  auto c = db_.pool.lease();
  return !c->exec("SELECT 1 FROM revoked_tokens WHERE token_id = $1", {token_id}).empty();
}

std::int64_t PgDenyList::purge_denied(UnixSeconds before, int limit) {
  auto c = db_.pool.lease();
  return c
      ->exec(
          "DELETE FROM revoked_tokens WHERE token_id IN (SELECT token_id FROM revoked_tokens "
          "WHERE expires_at < $1 LIMIT $2)",
          {str(before), str(limit)})
      .affected();
}

}  // namespace loginkit
