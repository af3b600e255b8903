#pragma once
// SPEC §2.2 / §3 token requests as an ordered list of small named checks, like authorization
// (oauth/authorize_checks.hpp): what every grant needs before its handler runs.
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "oauth/client_auth.hpp"
#include "oauth/grants/grant_handler.hpp"
#include "oauth/named_check.hpp"

namespace loginkit {

// A token request while its checks run; they fill in the client and the grant's handler.
struct TokenDraft {
  TokenDraft(OAuthContext& c, const Dialect& d, const GrantRegistry& g, const Params& p,
             const Result<ClientCredentials>& creds, SecretCheck s, CallTrace& t)
      : ctx(c), dialect(d), grants(g), params(p), credentials(creds), secret(s), trace(t) {}

  OAuthContext& ctx;
  const Dialect& dialect;
  const GrantRegistry& grants;
  const Params& params;
  const Result<ClientCredentials>& credentials;
  SecretCheck secret;
  CallTrace& trace;
  std::string grant_type;
  std::optional<App> client;
  GrantHandler* handler = nullptr;
};

using NamedTokenCheck = NamedCheck<TokenDraft, OAuthError>;

// The checks in the order they run; the first failure ends the request.
std::span<const NamedTokenCheck> token_checks();

std::optional<OAuthError> check_grant_type_present(TokenDraft& d);
std::optional<OAuthError> check_client_authenticated(TokenDraft& d);
std::optional<OAuthError> check_grant_type_supported(TokenDraft& d);

}  // namespace loginkit
