// The two dialects: typed failures rendered in each version's wire format, and the per-version
// rules they hold.
#include "oauth/dialect.hpp"

#include <gtest/gtest.h>

#include "oauth/dialects/v1_dialect.hpp"
#include "oauth/grants/grant_handler.hpp"
#include "oauth/protocol_test_fixture.hpp"
#include "oauth/sunset.hpp"

namespace loginkit {
namespace {

struct Rendered {
  Fail kind;
  std::string subject;
  std::string code;
  std::string description;
  int status;
};

TEST(V2Dialect, RendersRfc6749Errors) {
  const Rendered cases[] = {
      {Fail::kMalformed, "", "invalid_request", "The request parameters are malformed.", 400},
      {Fail::kMissingParameter, "code", "invalid_request",
       "The request is missing the code parameter.", 400},
      {Fail::kUnsupportedGrantType, "password", "unsupported_grant_type",
       "The grant_type password is not supported.", 400},
      {Fail::kClientUnknown, "", "invalid_client", "Client authentication failed.", 401},
      {Fail::kClientSecretWrong, "", "invalid_client", "Client authentication failed.", 401},
      {Fail::kCodeInvalid, "", "invalid_grant", "Authorization code is invalid or expired.", 400},
      {Fail::kCodeReplayed, "", "invalid_grant", "Authorization code has already been used.", 400},
      {Fail::kRedirectUriMismatch, "", "invalid_grant",
       "Redirect_uri is not matched with the uri when requesting code.", 400},
      {Fail::kVerifierMismatch, "", "invalid_grant",
       "Code verifier does not match the code challenge.", 400},
      {Fail::kRefreshInvalid, "", "invalid_grant", "Refresh token is invalid or expired.", 400},
      {Fail::kAccessTokenInvalid, "", "access_token_invalid",
       "The access token is invalid or not found in the request.", 401},
  };
  for (const auto& c : cases) {
    auto e = v2_dialect().fail(c.kind, c.subject, "why");
    EXPECT_EQ(e.code, c.code) << c.description;
    EXPECT_EQ(e.description, c.description);
    EXPECT_EQ(e.http_status, c.status) << c.description;
    EXPECT_EQ(e.debug, "why");
  }
}

TEST(V1Dialect, RendersTheNumberedEnvelopeCodes) {
  const Rendered cases[] = {
      {Fail::kMalformed, "", "10002", "The request parameters are malformed.", 200},
      {Fail::kMalformed, "The request body is not JSON.", "10002", "The request body is not JSON.",
       200},
      {Fail::kWrongGrantType, "refresh_token", "10002", "grant_type must be refresh_token.", 200},
      {Fail::kOpenIdMismatch, "", "10002", "open_id does not match the access token.", 200},
      {Fail::kClientUnknown, "", "10003", "The client_key is not known.", 200},
      {Fail::kNotPermitted, "v1 is retired.", "10004", "v1 is retired.", 200},
      {Fail::kRateLimited, "7", "10004", "Rate limit exceeded; retry after 7 seconds.", 200},
      {Fail::kMissingParameter, "code", "10005", "Missing parameter: code.", 200},
      {Fail::kRedirectUriMismatch, "", "10006",
       "redirect_uri does not match the one used to request the code.", 200},
      {Fail::kCodeInvalid, "", "10007", "The authorization code is invalid or expired.", 200},
      {Fail::kCodeReplayed, "", "10007", "The authorization code is invalid or expired.", 200},
      {Fail::kAccessTokenInvalid, "", "10008", "The access token is invalid or expired.", 200},
      {Fail::kRefreshInvalid, "", "10010", "The refresh token is invalid or expired.", 200},
      {Fail::kClientSecretWrong, "", "10013", "The client_key or client_secret is wrong.", 200},
  };
  for (const auto& c : cases) {
    auto e = v1_dialect().fail(c.kind, c.subject);
    EXPECT_EQ(e.code, c.code) << c.description;
    EXPECT_EQ(e.description, c.description);
    EXPECT_EQ(e.http_status, c.status);
    EXPECT_EQ(v1_error_code(e), std::stoi(c.code));
  }
  EXPECT_EQ(v1_error_code(make_error("invalid_request", "x")), v1code::kParameterError);
}

TEST(Dialect, VersionsLabelsAndNoMixing) {
  EXPECT_EQ(dialect_of(1).version(), 1);
  EXPECT_EQ(dialect_of(2).version(), 2);
  EXPECT_EQ(v1_dialect().metric_label(), "api_version=\"1\"");
  EXPECT_EQ(v2_dialect().metric_label(), "api_version=\"2\"");
  EXPECT_TRUE(v1_dialect().owns(1));
  EXPECT_FALSE(v1_dialect().owns(2));
  EXPECT_TRUE(v2_dialect().owns(2));
  EXPECT_FALSE(v2_dialect().owns(1));
}

TEST(Dialect, PerVersionRules) {
  OAuthConfig config;
  EXPECT_TRUE(v2_dialect().uses_pkce());
  EXPECT_FALSE(v1_dialect().uses_pkce());
  EXPECT_TRUE(v2_dialect().requires_redirect_uri_at_token());
  EXPECT_FALSE(v1_dialect().requires_redirect_uri_at_token());
  EXPECT_EQ(v2_dialect().access_ttl(config), config.access_ttl);
  EXPECT_EQ(v2_dialect().refresh_ttl(config), config.refresh_ttl);
  EXPECT_EQ(v1_dialect().access_ttl(config), config.sunset.v1_access_ttl);
  EXPECT_EQ(v1_dialect().refresh_ttl(config), config.sunset.v1_refresh_ttl);
  EXPECT_EQ(v1_dialect().authorize_path(), "/auth/authorize/");
  EXPECT_EQ(v2_dialect().authorize_path(), "/v2/auth/authorize/");
  // v1 has no client_credentials (SPEC §3); both have the user grants.
  EXPECT_EQ(v1_dialect().grants().find("client_credentials"), nullptr);
  EXPECT_NE(v2_dialect().grants().find("client_credentials"), nullptr);
  for (const char* g : {"authorization_code", "refresh_token"}) {
    EXPECT_NE(v1_dialect().grants().find(g), nullptr) << g;
    EXPECT_NE(v2_dialect().grants().find(g), nullptr) << g;
  }
}

// The sunset policy is v1's alone (SPEC §5); the store is never touched by these rules.
using DialectPolicy = ProtocolTest;

TEST_F(DialectPolicy, SunsetAppliesToV1Only) {
  const auto& s = config_.sunset;
  clock_.set(s.v1_web_end_of_life + 60);
  OAuthContext& ctx = *ctx_;
  App old_app;
  old_app.created_at = s.v2_for_new_apps - 86400;
  App new_app;
  new_app.created_at = s.v2_for_new_apps + 86400;

  EXPECT_FALSE(v2_dialect().app_refusal(ctx, new_app));
  EXPECT_FALSE(v2_dialect().flow_refusal(ctx, old_app, Platform::kWeb));
  EXPECT_FALSE(v1_dialect().app_refusal(ctx, old_app));
  EXPECT_TRUE(v1_dialect().app_refusal(ctx, new_app));
  EXPECT_TRUE(v1_dialect().flow_refusal(ctx, old_app, Platform::kWeb));
  EXPECT_FALSE(v1_dialect().flow_refusal(ctx, old_app, Platform::kAndroid));

  CallTrace trace;
  auto refused =
      v1_dialect().refuse(*v1_dialect().flow_refusal(ctx, old_app, Platform::kWeb), trace);
  EXPECT_EQ(refused.code, "10004");
  EXPECT_EQ(trace.outcome, "refused");
}

}  // namespace
}  // namespace loginkit
