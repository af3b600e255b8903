#pragma once
#include "store/postgres/pg_engine.hpp"
#include "store/store.hpp"

namespace loginkit {

// The audit trail.
class PgAudit final : public AuditStore {
 public:
  explicit PgAudit(pg::Engine& db) : db_(db) {}

  void record_audit(const AuditEvent& event) override;
  std::vector<AuditEvent> list_audit(Id app_id, int limit) override;

 private:
  pg::Engine& db_;
};

}  // namespace loginkit
