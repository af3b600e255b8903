#pragma once
// SPEC §2.1 / §3 authorization as an ordered list of small named checks (after
// node-oidc-provider): each reads the query, may fill in the request, and may fail. The client
// and its redirect URI come first, so no failure is ever redirected to an untrusted place.
#include <optional>
#include <span>
#include <string_view>

#include "oauth/authorize.hpp"
#include "oauth/named_check.hpp"

namespace loginkit {

// An authorization request while its checks run; the checks fill it in as they pass.
struct AuthorizeDraft {
  AuthorizeDraft(OAuthContext& c, const Dialect& d, const Params& q)
      : ctx(c), dialect(d), query(q) {}

  OAuthContext& ctx;
  const Dialect& dialect;
  const Params& query;
  App app;
  Platform platform = Platform::kWeb;
  std::optional<Uri> redirect_uri;  // once trusted
  std::optional<std::string> state;
  ScopeList scopes;
  std::string code_challenge;
  bool force_consent = false;

  AuthorizeRequest finish() &&;  // after every check passed
};

using NamedAuthorizeCheck = NamedCheck<AuthorizeDraft, AuthorizeFailure>;

// The checks in the order they run; the first failure ends the request.
std::span<const NamedAuthorizeCheck> authorize_checks();

// Each check on its own (the list above, in order).
std::optional<AuthorizeFailure> check_client_known(AuthorizeDraft& d);
std::optional<AuthorizeFailure> check_client_id_agrees(AuthorizeDraft& d);
std::optional<AuthorizeFailure> check_login_kit(AuthorizeDraft& d);
std::optional<AuthorizeFailure> check_redirect_uri(AuthorizeDraft& d);
std::optional<AuthorizeFailure> check_redirect_params_single(AuthorizeDraft& d);
std::optional<AuthorizeFailure> check_sunset(AuthorizeDraft& d);
std::optional<AuthorizeFailure> check_params_single(AuthorizeDraft& d);
std::optional<AuthorizeFailure> check_response_type(AuthorizeDraft& d);
std::optional<AuthorizeFailure> check_scope(AuthorizeDraft& d);
std::optional<AuthorizeFailure> check_consent_mode(AuthorizeDraft& d);
std::optional<AuthorizeFailure> check_pkce(AuthorizeDraft& d);

}  // namespace loginkit
