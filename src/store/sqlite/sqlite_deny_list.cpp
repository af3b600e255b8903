#include "store/sqlite/sqlite_deny_list.hpp"

namespace loginkit {

// Through the one writer like every write: acknowledged only once committed.
void SqliteDenyList::deny_token(const std::string& token_id, UnixSeconds expires_at) {
  db_.writer.run([&](sqlite::Connection& c) {
    c.prepare(
         "INSERT INTO revoked_tokens(token_id, expires_at) VALUES (?, ?) "
         "ON CONFLICT(token_id) DO UPDATE SET expires_at = max(expires_at, excluded.expires_at)")
        .bind_all(token_id, expires_at)
        .run();
  });
}

bool SqliteDenyList::is_denied(const std::string& token_id) {
  auto c = db_.pool.lease();
  auto s = c->prepare("SELECT 1 FROM revoked_tokens WHERE token_id = ?");
  s.bind(1, token_id);
  return s.step();
}

std::int64_t SqliteDenyList::purge_denied(UnixSeconds before, int limit) {
  return db_.writer.run([&](sqlite::Connection& c) {
    c.prepare(
         "DELETE FROM revoked_tokens WHERE token_id IN (SELECT token_id FROM revoked_tokens "
         "WHERE expires_at < ? LIMIT ?)")
        .bind_all(before, limit)
        .run();
    return static_cast<std::int64_t>(c.changes());
  });
}

}  // namespace loginkit
