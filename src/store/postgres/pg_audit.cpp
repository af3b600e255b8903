#include "store/postgres/pg_audit.hpp"

namespace loginkit {
namespace {

using pg::str;

}  // namespace

void PgAudit::record_audit(const AuditEvent& e) {
  auto c = db_.pool.lease();
  c->exec("INSERT INTO audit_log(at, actor, app_id, action, detail) VALUES ($1, $2, $3, $4, $5)",
          {str(e.at), e.actor, str(e.app_id), e.action, e.detail});
}

std::vector<AuditEvent> PgAudit::list_audit(Id app_id, int limit) {
  auto c = db_.pool.lease();
  auto r = c->exec(
      "SELECT id, at, actor, app_id, action, detail FROM audit_log "
      "WHERE $1::bigint = 0 OR app_id = $1::bigint ORDER BY id DESC LIMIT $2",
      {str(app_id), str(limit)});
  std::vector<AuditEvent> out;
  out.reserve(static_cast<std::size_t>(r.size()));
  for (int i = 0; i < r.size(); ++i) {
    out.push_back(
        {r.i64(i, 0), r.i64(i, 1), r.text(i, 2), r.i64(i, 3), r.text(i, 4), r.text(i, 5)});
  }
  return out;
}

}  // namespace loginkit
