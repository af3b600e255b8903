#include "oauth/dialects/v1_dialect.hpp"

#include "oauth/grants/grant_handler.hpp"
#include "oauth/legacy_redirect.hpp"

namespace loginkit {

OAuthError v1_error(int code, std::string description, std::string debug) {
  return make_error(std::to_string(code), std::move(description), 200, std::move(debug));
}

int v1_error_code(const OAuthError& e) {
  try {
    return std::stoi(e.code);
  } catch (...) {
    return v1code::kParameterError;
  }
}

// SPEC §3 codes; the wording is the one v1 clients have always seen.
OAuthError V1Dialect::render(const Failure& f) const {
  using namespace v1code;
  switch (f.kind) {
    case Fail::kMalformed:
      return v1_error(kParameterError,
                      f.subject.empty() ? "The request parameters are malformed." : f.subject,
                      f.debug);
    case Fail::kMissingParameter:
      return v1_error(kMissingParameter, "Missing parameter: " + f.subject + ".", f.debug);
    case Fail::kUnsupportedGrantType:
      return v1_error(kParameterError, "The grant_type " + f.subject + " is not supported.",
                      f.debug);
    case Fail::kWrongGrantType:
      return v1_error(kParameterError, "grant_type must be " + f.subject + ".", f.debug);
    case Fail::kClientUnknown:
      return v1_error(kClientKeyUnknown, "The client_key is not known.", f.debug);
    case Fail::kClientSecretWrong:
      return v1_error(kClientSecretWrong, "The client_key or client_secret is wrong.", f.debug);
    case Fail::kNotPermitted:
      return v1_error(kNotPermitted, f.subject, f.debug);
    case Fail::kRateLimited:
      return v1_error(kNotPermitted, "Rate limit exceeded; retry after " + f.subject + " seconds.",
                      f.debug);
    case Fail::kCodeInvalid:
    case Fail::kCodeReplayed:
    case Fail::kVerifierMismatch:
      return v1_error(kCodeInvalid, "The authorization code is invalid or expired.", f.debug);
    case Fail::kRedirectUriMismatch:
      return v1_error(kIllegalRedirectUri,
                      "redirect_uri does not match the one used to request the code.", f.debug);
    case Fail::kRefreshInvalid:
      return v1_error(kRefreshTokenInvalid, "The refresh token is invalid or expired.", f.debug);
    case Fail::kAccessTokenInvalid:
      return v1_error(kAccessTokenInvalid, "The access token is invalid or expired.", f.debug);
    case Fail::kOpenIdMismatch:
      return v1_error(kParameterError, "open_id does not match the access token.", f.debug);
  }
  return v1_error(kParameterError, "Unexpected failure.", f.debug);
}

std::optional<RedirectTarget> V1Dialect::match_redirect_uri(const App& app,
                                                            std::string_view uri) const {
  return match_v1_redirect_uri(app, uri);
}

std::optional<PolicyRefusal> V1Dialect::app_refusal(const OAuthContext& ctx, const App& app) const {
  return v1_app_refusal(ctx.config.sunset, ctx.clock.now(), app.created_at);
}

std::optional<PolicyRefusal> V1Dialect::flow_refusal(const OAuthContext& ctx, const App& app,
                                                     Platform platform) const {
  return v1_refusal(ctx.config.sunset, ctx.clock.now(), app.created_at, platform);
}

const GrantRegistry& V1Dialect::grants() const {
  static const GrantRegistry kRegistry = make_v1_grants();
  return kRegistry;
}

void V1Dialect::record_call(OAuthContext& ctx, const CallTrace& trace) const {
  if (trace.outcome == "refused") {
    note(ctx, "loginkit_v1_refused_total", label("endpoint", trace.endpoint));
  }
  if (!trace.app_id) return;  // nothing to attribute a call to an unknown client key
  UnixSeconds now = ctx.clock.now();
  ctx.store.v1_usage().count_v1_call(
      {*trace.app_id, now - now % 86400, trace.endpoint, trace.platform, trace.outcome, 1});
}

}  // namespace loginkit
