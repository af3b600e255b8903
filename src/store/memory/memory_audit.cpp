#include "store/memory/memory_audit.hpp"

namespace loginkit {

void MemoryAudit::record_audit(const AuditEvent& event) {
  std::lock_guard lock(db_.mu);
  AuditEvent saved = event;
  saved.id = ++db_.last_audit;
  db_.audit.push_back(std::move(saved));
}

// Newest first; a negative limit means none, as SQLite's LIMIT -1 does.
std::vector<AuditEvent> MemoryAudit::list_audit(Id app_id, int limit) {
  std::lock_guard lock(db_.mu);
  std::vector<AuditEvent> out;
  for (auto it = db_.audit.rbegin(); it != db_.audit.rend(); ++it) {
    if (limit >= 0 && out.size() >= static_cast<std::size_t>(limit)) break;
    if (app_id == 0 || it->app_id == app_id) out.push_back(*it);
  }
  return out;
}

}  // namespace loginkit
