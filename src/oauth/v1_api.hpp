#pragma once
// SPEC §3 legacy v1 token, refresh, revoke and user-info operations, without the socket. Errors
// carry the v1 numeric code as their `code` string; the api layer wraps them in the v1 envelope.
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/form.hpp"
#include "oauth/context.hpp"
#include "oauth/token_response.hpp"
#include "oauth/userinfo.hpp"

namespace loginkit {

namespace v1code {
inline constexpr int kParameterError = 10002;
inline constexpr int kClientKeyUnknown = 10003;
inline constexpr int kNotPermitted = 10004;
inline constexpr int kMissingParameter = 10005;
inline constexpr int kIllegalRedirectUri = 10006;
inline constexpr int kCodeInvalid = 10007;
inline constexpr int kAccessTokenInvalid = 10008;
inline constexpr int kRefreshTokenInvalid = 10010;
inline constexpr int kClientSecretWrong = 10013;
}  // namespace v1code

// What a v1 call was, for the per-app migration counters (SPEC §5).
struct V1Call {
  std::string endpoint;
  std::optional<Id> app_id{};
  std::string platform = "unknown";
  std::string outcome = "failed";  // "accepted", "refused" (sunset policy) or "failed"
};

OAuthError v1_error(int code, std::string description, std::string debug = {});
int v1_error_code(const OAuthError& e);

Result<TokenResponse> v1_access_token(OAuthContext& ctx, const Params& params, V1Call& call);
Result<TokenResponse> v1_refresh_token(OAuthContext& ctx, const Params& params, V1Call& call);
Status v1_revoke(OAuthContext& ctx, const Params& params, V1Call& call);

struct V1UserInfoRequest {
  std::string access_token;
  std::optional<std::string> open_id;
  std::vector<std::string> fields;  // empty = the basic fields
};
Result<UserFields> v1_user_info(OAuthContext& ctx, const V1UserInfoRequest& req, V1Call& call);

// Records the call in the durable counters (one row per app, day, endpoint, platform, outcome).
void record_v1_call(OAuthContext& ctx, const V1Call& call);

}  // namespace loginkit
