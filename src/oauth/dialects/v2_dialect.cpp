#include "oauth/dialects/v2_dialect.hpp"

#include "oauth/grants/grant_handler.hpp"

namespace loginkit {

// SPEC §2.2 error codes and wording; §2.4 for access tokens (user info is the only v2 endpoint
// that takes one).
OAuthError V2Dialect::render(const Failure& f) const {
  switch (f.kind) {
    case Fail::kMalformed:
      return make_error("invalid_request",
                        f.subject.empty() ? "The request parameters are malformed." : f.subject,
                        400, f.debug);
    case Fail::kMissingParameter:
      return make_error("invalid_request",
                        "The request is missing the " + f.subject + " parameter.", 400, f.debug);
    case Fail::kUnsupportedGrantType:
    case Fail::kWrongGrantType:
      return make_error("unsupported_grant_type",
                        "The grant_type " + f.subject + " is not supported.", 400, f.debug);
    case Fail::kClientUnknown:
    case Fail::kClientSecretWrong:
      return make_error("invalid_client", "Client authentication failed.", 401, f.debug);
    case Fail::kNotPermitted:
      return make_error("unauthorized_client", f.subject, 400, f.debug);
    case Fail::kRateLimited:
      return make_error("temporarily_unavailable",
                        "Rate limit exceeded; retry after " + f.subject + " seconds.", 429,
                        f.debug);
    case Fail::kCodeInvalid:
      return make_error("invalid_grant", "Authorization code is invalid or expired.", 400, f.debug);
    case Fail::kCodeReplayed:
      return make_error("invalid_grant", "Authorization code has already been used.", 400, f.debug);
    case Fail::kRedirectUriMismatch:
      return make_error("invalid_grant",
                        "Redirect_uri is not matched with the uri when requesting code.", 400,
                        f.debug);
    case Fail::kVerifierMismatch:
      return make_error("invalid_grant", "Code verifier does not match the code challenge.", 400,
                        f.debug);
    case Fail::kRefreshInvalid:
      return make_error("invalid_grant", "Refresh token is invalid or expired.", 400, f.debug);
    case Fail::kAccessTokenInvalid:
      return make_error("access_token_invalid",
                        "The access token is invalid or not found in the request.", 401, f.debug);
    case Fail::kOpenIdMismatch:
      return make_error("invalid_request", "open_id does not match the access token.", 400,
                        f.debug);
  }
  return make_error("server_error", "Unexpected failure.", 500, f.debug);
}

std::optional<RedirectTarget> V2Dialect::match_redirect_uri(const App& app,
                                                            std::string_view uri) const {
  return loginkit::match_redirect_uri(app, uri);
}

const GrantRegistry& V2Dialect::grants() const {
  static const GrantRegistry kRegistry = make_v2_grants();
  return kRegistry;
}

}  // namespace loginkit
