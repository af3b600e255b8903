#pragma once
#include "store/memory/memory_engine.hpp"
#include "store/store.hpp"

namespace loginkit {

// The audit trail.
class MemoryAudit final : public AuditStore {
 public:
  explicit MemoryAudit(memory::Engine& db) : db_(db) {}

  void record_audit(const AuditEvent& event) override;
  std::vector<AuditEvent> list_audit(Id app_id, int limit) override;

 private:
  memory::Engine& db_;
};

}  // namespace loginkit
