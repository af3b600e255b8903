#pragma once
// SPEC §2.2 token and §2.3 revoke requests, without the socket: the request is read once from the
// wire into a TokenForm, then runs through the one token exchange both versions share.
#include <optional>
#include <string_view>

#include "core/error.hpp"
#include "oauth/client_auth.hpp"
#include "oauth/context.hpp"
#include "oauth/grants/grant_handler.hpp"

namespace loginkit {

// The wire, as the http shell hands it over.
struct TokenRequest {
  std::optional<std::string_view> content_type;
  std::string_view body;
  std::optional<std::string_view> authorization;
};

// Parses the form under the Content-Type rule and rejects duplicated parameters.
Result<Params> parse_token_form(const TokenRequest& req);
// The client key the request names (for logs), whatever else is wrong with it.
std::string claimed_client_key(const Params& params);

// One v2 token, revoke or introspection request, read once (SPEC §2.2 form and client rules).
struct TokenForm {
  std::optional<OAuthError> unreadable;  // the body breaks the Content-Type or form rules
  Params params;
  Result<ClientCredentials> credentials = ClientCredentials{};
  std::string claimed_client_key;  // the client it names (unverified), for logs and limits
};
TokenForm read_token_form(const TokenRequest& wire);

// The token exchange of both versions: grant_type, client authentication, then the grant's
// handler. The dialect renders failures; `trace` collects what the call was about.
Result<TokenResponse> exchange_token(OAuthContext& ctx, const Dialect& dialect,
                                     const GrantRegistry& grants, const Params& params,
                                     const Result<ClientCredentials>& credentials,
                                     SecretCheck check, CallTrace& trace);

// `gate` (may be null): the failed-authentication limit of client authentication.
Result<TokenResponse> token_request(OAuthContext& ctx, const GrantRegistry& grants,
                                    const TokenForm& form, ClientAuthGate* gate = nullptr);
inline Result<TokenResponse> token_request(OAuthContext& ctx, const GrantRegistry& grants,
                                           const TokenRequest& wire) {
  return token_request(ctx, grants, read_token_form(wire));
}
// Revocation (RFC 7009) and introspection (RFC 7662): an authenticated client and the token it
// presents, or why not.
struct PresentedToken {
  App client;
  std::string token;
};
Result<PresentedToken> presented_token(OAuthContext& ctx, const TokenForm& form,
                                       ClientAuthGate* gate = nullptr);

Status revoke_request(OAuthContext& ctx, const TokenForm& form, ClientAuthGate* gate = nullptr);

// SPEC §2.3 and §3: revoking a user's token disconnects the app from that user; `via` names the
// endpoint in the audit trail.
void disconnect_grant(OAuthContext& ctx, const App& client, const Grant& grant,
                      std::string_view via);

// SPEC §2.2 (decided): HTTP 200 for every token error unless the `rfc` setting is on.
int token_error_status(const OAuthError& e, ErrorStatusMode mode);

}  // namespace loginkit
