#include "oauth/services/health.hpp"

#include <exception>

namespace loginkit::services {

Readiness check_readiness(const StorageProbe& probe) {
  try {
    if (!probe.reachable()) return {"storage unreachable", ""};
    if (probe.schema_version() != probe.latest_schema_version()) return {"schema version", ""};
    return {};
  } catch (const std::exception& e) {
    return {"storage unreachable", e.what()};
  }
}

Readiness check_readiness(OAuthContext& ctx) {
  Store& s = ctx.store;
  return check_readiness(StorageProbe{[&] { return s.reachable(); },
                                      [&] { return s.schema_version(); },
                                      [&] { return s.latest_schema_version(); }});
}

}  // namespace loginkit::services
