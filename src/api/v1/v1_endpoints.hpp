#pragma once
#include "api/api_context.hpp"
#include "api/http_types.hpp"
#include "core/error.hpp"

namespace loginkit::v1 {
// SPEC §3: every answer is HTTP 200 in the v1 envelope.
Response access_token(ApiContext& ctx, const Request& req);
Response refresh_token(ApiContext& ctx, const Request& req);
Response revoke(ApiContext& ctx, const Request& req);
Response user_info(ApiContext& ctx, const Request& req);
// The error answers, shared with `loginkit sandbox` faults (src/sandbox) so a faulted answer is
// the server's own wire format: the OAuth envelope {"data":{error_code,…},"message":"error"}, and
// user info's {"data":{},"error":{"code","message"}}; both HTTP 200 with X-Tt-Logid.
Response envelope_error(const OAuthError& e, const Request& req);
Response user_info_error(const OAuthError& e, const Request& req);
}  // namespace loginkit::v1
