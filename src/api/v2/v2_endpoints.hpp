#pragma once
#include "api/api_context.hpp"
#include "api/http_types.hpp"

namespace loginkit::v2 {
Response token(ApiContext& ctx, const Request& req);       // SPEC §2.2
Response revoke(ApiContext& ctx, const Request& req);      // SPEC §2.3
Response user_info(ApiContext& ctx, const Request& req);   // SPEC §2.4
Response introspect(ApiContext& ctx, const Request& req);  // RFC 7662
}  // namespace loginkit::v2
