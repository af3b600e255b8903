#pragma once
// SPEC §3 legacy v1: the numbered envelope codes, legacy redirect-domain matching, no PKCE, v1
// token lifetimes, the sunset policy of SPEC §5 and the per-app call counters behind it.
#include "oauth/dialect.hpp"

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

// A v1 error carries its numeric code as its `code` string; the api layer wraps it in the
// envelope. v1 answers are always HTTP 200.
OAuthError v1_error(int code, std::string description, std::string debug = {});
int v1_error_code(const OAuthError& e);

class V1Dialect final : public Dialect {
 public:
  int version() const override { return 1; }
  OAuthError render(const Failure& failure) const override;
  std::optional<RedirectTarget> match_redirect_uri(const App& app,
                                                   std::string_view uri) const override;
  bool uses_pkce() const override { return false; }
  bool requires_redirect_uri_at_token() const override { return false; }
  std::int64_t access_ttl(const OAuthConfig& config) const override {
    return config.sunset.v1_access_ttl;
  }
  std::int64_t refresh_ttl(const OAuthConfig& config) const override {
    return config.sunset.v1_refresh_ttl;
  }
  std::optional<PolicyRefusal> app_refusal(const OAuthContext& ctx, const App& app) const override;
  std::optional<PolicyRefusal> flow_refusal(const OAuthContext& ctx, const App& app,
                                            Platform platform) const override;
  const GrantRegistry& grants() const override;
  std::string_view authorize_path() const override { return "/auth/authorize/"; }
  void record_call(OAuthContext& ctx, const CallTrace& trace) const override;
};

}  // namespace loginkit
