#pragma once
#include "api/api_context.hpp"
#include "api/http_types.hpp"

namespace loginkit {
// Request → Response for every endpoint; pure apart from storage (no sockets).
Response route(ApiContext& ctx, const Request& req);
}  // namespace loginkit
