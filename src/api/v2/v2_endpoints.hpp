#pragma once
#include "api/api_context.hpp"
#include "api/http_types.hpp"

namespace loginkit::v2 {
Response token(ApiContext& ctx, const Request& req);           // SPEC §2.2
Response revoke(ApiContext& ctx, const Request& req);          // SPEC §2.3
Response user_info(ApiContext& ctx, const Request& req);       // SPEC §2.4
Response authorize_get(ApiContext& ctx, const Request& req);   // SPEC §2.1
Response authorize_post(ApiContext& ctx, const Request& req);  // consent decision
}  // namespace loginkit::v2
