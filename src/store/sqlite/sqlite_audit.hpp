#pragma once
#include "store/sqlite/sqlite_engine.hpp"
#include "store/store.hpp"

namespace loginkit {

// The audit trail.
class SqliteAudit final : public AuditStore {
 public:
  explicit SqliteAudit(sqlite::Engine& db) : db_(db) {}

  void record_audit(const AuditEvent& event) override;
  std::vector<AuditEvent> list_audit(Id app_id, int limit) override;

 private:
  sqlite::Engine& db_;
};

}  // namespace loginkit
