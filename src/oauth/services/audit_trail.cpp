#include "oauth/services/audit_trail.hpp"

namespace loginkit::services {

std::vector<AuditEvent> audit_trail(OAuthContext& ctx, Id app_id, int limit) {
  // 0 would read every app's trail; a caller always means one app.
  if (app_id == 0) return {};
  return ctx.store.audit().list_audit(app_id, limit);
}

}  // namespace loginkit::services
