#pragma once
// SPEC §2.2 POST /v2/oauth/token/ and §2.3 POST /v2/oauth/revoke/, without the socket.
#include <optional>
#include <string_view>

#include "core/error.hpp"
#include "oauth/context.hpp"
#include "oauth/grants/grant_handler.hpp"

namespace loginkit {

struct TokenRequest {
  std::optional<std::string_view> content_type;
  std::string_view body;
  std::optional<std::string_view> authorization;
};

// Parses the form under the Content-Type rule and rejects duplicated parameters.
Result<Params> parse_token_form(const TokenRequest& req);
// The client key the request names (for logs), whatever else is wrong with it.
std::string claimed_client_key(const Params& params);

Result<TokenResponse> token_request(OAuthContext& ctx, const GrantRegistry& grants,
                                    const TokenRequest& req);
Status revoke_request(OAuthContext& ctx, const TokenRequest& req);

// SPEC §2.2 (decided): HTTP 200 for every token error unless the `rfc` setting is on.
int token_error_status(const OAuthError& e, ErrorStatusMode mode);

}  // namespace loginkit
