#pragma once
#include "api/api_context.hpp"
#include "api/http_types.hpp"

namespace loginkit::v1 {
// SPEC §3: every answer is HTTP 200 in the v1 envelope.
Response access_token(ApiContext& ctx, const Request& req);
Response refresh_token(ApiContext& ctx, const Request& req);
Response revoke(ApiContext& ctx, const Request& req);
Response user_info(ApiContext& ctx, const Request& req);
}  // namespace loginkit::v1
