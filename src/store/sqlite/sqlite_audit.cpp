#include "store/sqlite/sqlite_audit.hpp"

namespace loginkit {

void SqliteAudit::record_audit(const AuditEvent& e) {
  return db_.writer.run([&](sqlite::Connection& conn) {
    auto* c = &conn;
    c->prepare("INSERT INTO audit_log(at, actor, app_id, action, detail) VALUES (?, ?, ?, ?, ?)")
        .bind_all(e.at, e.actor, e.app_id, e.action, e.detail)
        .run();
  });
}

std::vector<AuditEvent> SqliteAudit::list_audit(Id app_id, int limit) {
  auto c = db_.pool.lease();
  auto s = c->prepare(
      "SELECT id, at, actor, app_id, action, detail FROM audit_log "
      "WHERE ? = 0 OR app_id = ? ORDER BY id DESC LIMIT ?");
  s.bind_all(app_id, app_id, limit);
  std::vector<AuditEvent> out;
  while (s.step()) out.push_back({s.i64(0), s.i64(1), s.text(2), s.i64(3), s.text(4), s.text(5)});
  return out;
}

}  // namespace loginkit
