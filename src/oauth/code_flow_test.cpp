// The v2 code flow through the protocol layer alone: no socket, on the in-memory store.
#include <gtest/gtest.h>

#include <filesystem>

#include "oauth/app_registry.hpp"
#include "oauth/authorize.hpp"
#include "oauth/protocol_test_fixture.hpp"
#include "oauth/token_endpoint.hpp"
#include "oauth/userinfo.hpp"

namespace loginkit {
namespace {

using CodeFlow = CodeFlowTest;

TEST_F(CodeFlow, UnknownClientIsAnErrorPageNotARedirect) {
  auto q = parse_form("client_key=nope&response_type=code&redirect_uri=https%3A%2F%2Fevil%2F");
  auto check = check_authorize(*ctx_, *q);
  ASSERT_TRUE(std::holds_alternative<AuthorizeFailure>(check));
  EXPECT_FALSE(std::get<AuthorizeFailure>(check).redirectable());
}

TEST_F(CodeFlow, ExchangeRefreshAndReuseDetection) {
  auto code = code_for("user.info.basic");
  auto first =
      token("grant_type=authorization_code&redirect_uri=https%3A%2F%2Fa.example%2Fcb&code=" + code);
  ASSERT_TRUE(first) << first.error().description;
  ASSERT_TRUE(first->user);
  EXPECT_EQ(first->user->scope, "user.info.basic");

  auto second = token("grant_type=refresh_token&refresh_token=" + first->user->refresh_token);
  ASSERT_TRUE(second);
  // Reusing the rotated token kills the family, including the token just issued.
  auto reuse = token("grant_type=refresh_token&refresh_token=" + first->user->refresh_token);
  ASSERT_FALSE(reuse);
  EXPECT_EQ(reuse.error().code, "invalid_grant");
  auto info = user_info(*ctx_, "Bearer " + second->access_token, "open_id");
  ASSERT_FALSE(info);
  EXPECT_EQ(info.error().code, "access_token_invalid");
}

TEST_F(CodeFlow, CodeExpiresAfterTenMinutes) {
  auto code = code_for("user.info.basic");
  clock_.advance(601);
  auto r =
      token("grant_type=authorization_code&redirect_uri=https%3A%2F%2Fa.example%2Fcb&code=" + code);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "invalid_grant");
}

TEST_F(CodeFlow, ContentTypeRule) {
  std::string body = "client_key=" + app_.client_key + "&client_secret=" + secret_ +
                     "&grant_type=client_credentials";
  EXPECT_TRUE(token_request(
      *ctx_, grants_, {"application/x-www-form-urlencoded; charset=UTF-8", body, std::nullopt}));
  auto json = token_request(*ctx_, grants_, {"application/json", body, std::nullopt});
  ASSERT_FALSE(json);
  EXPECT_EQ(json.error().description, "The request parameters are malformed.");
}

// A returning user who already granted every requested scope skips the consent screen, unless the
// client forces it (disable_auto_auth=1) or asks for a scope not granted yet.
TEST_F(CodeFlow, RememberedConsentCoversOnlyWhatWasGranted) {
  auto request = [&](const std::string& scope, const std::string& extra = "") {
    auto q =
        parse_form("client_key=" + app_.client_key +
                   "&response_type=code&redirect_uri=https%3A%2F%2Fa.example%2Fcb&scope=" + scope +
                   "&state=s" + extra);
    return std::get<AuthorizeRequest>(check_authorize(*ctx_, *q));
  };
  EXPECT_FALSE(remembered_consent(*ctx_, request("user.info.basic"), user_));
  code_for("user.info.basic");
  auto again = remembered_consent(*ctx_, request("user.info.basic"), user_);
  ASSERT_TRUE(again);
  EXPECT_EQ(join_scopes(*again), "user.info.basic");
  EXPECT_FALSE(
      remembered_consent(*ctx_, request("user.info.basic", "&disable_auto_auth=1"), user_));
  EXPECT_FALSE(remembered_consent(*ctx_, request("user.info.basic,user.info.profile"), user_));
}

}  // namespace
}  // namespace loginkit
