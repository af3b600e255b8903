#pragma once
#include "api/api_context.hpp"
#include "api/http_types.hpp"

namespace loginkit {
// Request → Response, pure apart from storage (no sockets). The public listener's routes: the
// v2 and v1 APIs, sign-in and account pages, the portal, RFC 8414 metadata, /healthz; the
// operations routes too when http.public_ops is set.
Response route_public(ApiContext& ctx, const Request& req);
// The operations listener's routes: the admin API, /metrics, /readyz, /healthz.
Response route_ops(ApiContext& ctx, const Request& req);
}  // namespace loginkit
