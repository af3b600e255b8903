#pragma once
#include "api/api_context.hpp"
#include "api/http_types.hpp"
#include "core/error.hpp"

namespace loginkit::v2 {
Response token(ApiContext& ctx, const Request& req);       // SPEC §2.2
Response revoke(ApiContext& ctx, const Request& req);      // SPEC §2.3
Response user_info(ApiContext& ctx, const Request& req);   // SPEC §2.4
Response introspect(ApiContext& ctx, const Request& req);  // RFC 7662
// The error answers of those endpoints, shared with `loginkit sandbox` faults (src/sandbox) so a
// faulted answer is the server's own wire format. SPEC §2.2 token and revoke: flat JSON with
// log_id, the status ctx.config.oauth.error_status gives.
Response token_error(ApiContext& ctx, const Request& req, const OAuthError& e);
// SPEC §2.4: {"data":{},"error":{"code","message","log_id"}} with e.http_status.
Response user_info_error(const Request& req, const OAuthError& e);
}  // namespace loginkit::v2
