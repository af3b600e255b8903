#pragma once
// SPEC §3 legacy v1 token, refresh, revoke and user-info requests, without the socket. Each reads
// its v1 request shape and then runs the protocol both versions share (grant handlers, client
// authentication, access-token checks, disconnect), spoken in the v1 dialect.
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/form.hpp"
#include "oauth/context.hpp"
#include "oauth/dialects/v1_dialect.hpp"
#include "oauth/dialects/v1_request.hpp"
#include "oauth/token_response.hpp"
#include "oauth/userinfo.hpp"

namespace loginkit {

// What a v1 call was, for the per-app migration counters (SPEC §5).
using V1Call = CallTrace;

Result<TokenResponse> v1_access_token(OAuthContext& ctx, const Params& params, V1Call& call);
Result<TokenResponse> v1_refresh_token(OAuthContext& ctx, const Params& params, V1Call& call);
Status v1_revoke(OAuthContext& ctx, const Params& params, V1Call& call);

Result<UserFields> v1_user_info(OAuthContext& ctx, const V1UserInfoRequest& req, V1Call& call);

// Records the call in the durable counters (one row per app, day, endpoint, platform, outcome).
inline void record_v1_call(OAuthContext& ctx, const V1Call& call) {
  v1_dialect().record_call(ctx, call);
}

}  // namespace loginkit
