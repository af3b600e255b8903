#pragma once
#include <boost/json/object.hpp>

#include "api/api_context.hpp"
#include "api/http_types.hpp"

namespace loginkit::admin {
// The admin JSON API (docs/server-contract.md), guarded by the configured bearer token.
Response handle(ApiContext& ctx, const Request& req);
// SPEC §5 migration report as JSON (also printed by `loginkit migration report --json`).
boost::json::object migration_json(ApiContext& ctx);
}  // namespace loginkit::admin
