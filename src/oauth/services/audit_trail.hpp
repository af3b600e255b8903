#pragma once
// Reading an app's audit trail: who changed what, and when. Lines are written where the change
// happens (oauth/context.hpp audit()).
#include <vector>

#include "oauth/context.hpp"

namespace loginkit::services {

// The app's newest `limit` lines, newest first.
std::vector<AuditEvent> audit_trail(OAuthContext& ctx, Id app_id, int limit);

}  // namespace loginkit::services
