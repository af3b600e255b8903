#pragma once
// Readiness: storage answers a fresh round trip and its schema is at the version this binary
// migrates to. The reason is one of a few fixed phrases; what went wrong in detail (paths, hosts,
// driver messages) is kept apart for the log, never for whoever asks.
#include <functional>
#include <string>

#include "oauth/context.hpp"

namespace loginkit::services {

struct Readiness {
  std::string problem;  // empty = ready; else "storage unreachable" or "schema version"
  std::string detail;   // for the log only: the exception's text when a check threw
  bool ready() const { return problem.empty(); }
};

Readiness check_readiness(OAuthContext& ctx);

// The questions readiness asks of storage, apart so the decision can be tested on its own.
struct StorageProbe {
  std::function<bool()> reachable;
  std::function<int()> schema_version;
  std::function<int()> latest_schema_version;
};

Readiness check_readiness(const StorageProbe& probe);

}  // namespace loginkit::services
