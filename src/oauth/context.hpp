#pragma once
// What every protocol operation needs, injected: storage, time, settings.
#include "core/clock.hpp"
#include "core/config.hpp"
#include "core/metrics.hpp"
#include "store/store.hpp"

namespace loginkit {

struct OAuthContext {
  Store& store;
  const Clock& clock;
  const OAuthConfig& config;
  Metrics* metrics = nullptr;  // optional: protocol events (tokens issued, replays, refusals)
  // The HMAC key behind open_id, union_id and the pre-session CSRF token: loaded once at start
  // from its key file (cli/key_file.hpp), never read from the database it protects.
  std::string server_key;
};

// Writes one line of an app's audit trail: who did what, when.
inline void audit(OAuthContext& ctx, const std::string& actor, Id app_id, std::string action,
                  std::string detail) {
  ctx.store.audit().record_audit(
      AuditEvent{0, ctx.clock.now(), actor, app_id, std::move(action), std::move(detail)});
}

// Counts a protocol event when metrics are wired in.
inline void note(OAuthContext& ctx, const std::string& name, const std::string& labels = {}) {
  if (ctx.metrics) ctx.metrics->count(name, labels);
}

}  // namespace loginkit
