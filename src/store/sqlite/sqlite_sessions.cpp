#include "store/sqlite/sqlite_sessions.hpp"

namespace loginkit {

void SqliteSessions::create_session(const Session& session) {
  return db_.writer.run([&](sqlite::Connection& conn) {
    auto* c = &conn;
    c->prepare("INSERT INTO sessions(hash, user_id, csrf, expires_at, kind) VALUES (?, ?, ?, ?, ?)")
        .bind_all(session.hash, session.user_id, session.csrf, session.expires_at,
                  static_cast<int>(session.kind))
        .run();
  });
}

std::optional<Session> SqliteSessions::find_session(const std::string& hash, UnixSeconds now) {
  auto c = db_.pool.lease();
  auto s = c->prepare(
      "SELECT user_id, csrf, expires_at, kind FROM sessions WHERE hash = ? AND expires_at > ?");
  s.bind_all(hash, now);
  if (!s.step()) return std::nullopt;
  return Session{hash, s.i64(0), s.text(1), s.i64(2), static_cast<SessionKind>(s.i64(3))};
}

void SqliteSessions::delete_session(const std::string& hash) {
  return db_.writer.run([&](sqlite::Connection& conn) {
    auto* c = &conn;
    c->prepare("DELETE FROM sessions WHERE hash = ?").bind(1, hash).run();
  });
}

}  // namespace loginkit
