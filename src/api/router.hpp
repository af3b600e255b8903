#pragma once
#include "api/api_context.hpp"
#include "api/http_types.hpp"

namespace loginkit {
// Request → Response for every endpoint; pure apart from storage (no sockets).
Response route(ApiContext& ctx, const Request& req);
// Rewrites the client address and scheme from X-Forwarded-* when the peer is a trusted proxy.
void apply_trusted_proxy(const Config& config, Request& req);
}  // namespace loginkit
