#pragma once
#include "api/api_context.hpp"
#include "api/http_types.hpp"

namespace loginkit::admin {
// The admin JSON API (docs/server-contract.md), guarded by the configured bearer token.
Response handle(ApiContext& ctx, const Request& req);
}  // namespace loginkit::admin
