#pragma once
// SPEC §2: RFC 6749 error JSON, exact redirect-URI matching, PKCE, no sunset policy.
#include "oauth/dialect.hpp"

namespace loginkit {

class V2Dialect final : public Dialect {
 public:
  int version() const override { return 2; }
  OAuthError render(const Failure& failure) const override;
  std::optional<RedirectTarget> match_redirect_uri(const App& app,
                                                   std::string_view uri) const override;
  bool uses_pkce() const override { return true; }
  bool requires_redirect_uri_at_token() const override { return true; }
  std::int64_t access_ttl(const OAuthConfig& config) const override { return config.access_ttl; }
  std::int64_t refresh_ttl(const OAuthConfig& config) const override { return config.refresh_ttl; }
  std::optional<PolicyRefusal> app_refusal(const OAuthContext&, const App&) const override {
    return std::nullopt;
  }
  std::optional<PolicyRefusal> flow_refusal(const OAuthContext&, const App&,
                                            Platform) const override {
    return std::nullopt;
  }
  const GrantRegistry& grants() const override;
  std::string_view authorize_path() const override { return "/v2/auth/authorize/"; }
  void record_call(OAuthContext&, const CallTrace&) const override {}
};

}  // namespace loginkit
