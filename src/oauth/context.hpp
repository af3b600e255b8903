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
};

// Counts a protocol event when metrics are wired in.
inline void note(OAuthContext& ctx, const std::string& name, const std::string& labels = {}) {
  if (ctx.metrics) ctx.metrics->count(name, labels);
}

}  // namespace loginkit
