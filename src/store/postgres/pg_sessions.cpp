#include "store/postgres/pg_sessions.hpp"

#include "store/postgres/pg_rows.hpp"

namespace loginkit {
namespace {

using pg::str;
using pg::unmatchable;

}  // namespace

void PgSessions::create_session(const Session& s) {
  auto c = db_.pool.lease();
  c->exec("INSERT INTO sessions(hash, user_id, csrf, expires_at, kind) VALUES ($1, $2, $3, $4, $5)",
          {s.hash, str(s.user_id), s.csrf, str(s.expires_at), str(static_cast<int>(s.kind))});
}

std::optional<Session> PgSessions::find_session(const std::string& hash, UnixSeconds now) {
  if (unmatchable(hash)) return std::nullopt;
  auto c = db_.pool.lease();
  auto r = c->exec(
      "SELECT user_id, csrf, expires_at, kind FROM sessions WHERE hash = $1 AND expires_at > $2",
      {hash, str(now)});
  if (r.empty()) return std::nullopt;
  return Session{hash, r.i64(0, 0), r.text(0, 1), r.i64(0, 2),
                 static_cast<SessionKind>(r.i64(0, 3))};
}

void PgSessions::delete_session(const std::string& hash) {
  auto c = db_.pool.lease();
  c->exec("DELETE FROM sessions WHERE hash = $1", {hash});
}

}  // namespace loginkit
