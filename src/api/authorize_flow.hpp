#pragma once
// The browser side of authorization, shared by v2 (SPEC §2.1) and v1 (SPEC §3): checks, sign-in
// redirect, consent page and the consent decision.
#include "api/api_context.hpp"
#include "api/http_types.hpp"

namespace loginkit {
Response authorize_get(ApiContext& ctx, const Request& req, int api_version);
Response authorize_post(ApiContext& ctx, const Request& req, int api_version);
}  // namespace loginkit
