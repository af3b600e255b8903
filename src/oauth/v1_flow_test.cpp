// The v1 code flow through the protocol layer alone: the same grant handlers as v2, spoken in the
// v1 dialect, with the same security events counted under api_version="1".
#include <gtest/gtest.h>

#include "core/metrics.hpp"
#include "oauth/authorize.hpp"
#include "oauth/protocol_test_fixture.hpp"
#include "oauth/v1_api.hpp"

namespace loginkit {
namespace {

class V1Flow : public ProtocolTest {
 protected:
  void SetUp() override {
    ProtocolTest::SetUp();
    ctx_->metrics = &metrics_;
    clock_.set(config_.sunset.v2_for_new_apps - 86400);  // a v1-era app
    user_ = add_user("u");
    auto out = add_app({}, {"legacy.example"});
    ASSERT_TRUE(out.ok());
    app_ = out.app;
    secret_ = out.client_secret;
  }

  std::string code() {
    auto q = parse_form("client_key=" + app_.client_key +
                        "&response_type=code&scope=user.info.basic"
                        "&redirect_uri=https%3A%2F%2Fapp.legacy.example%2Fcb");
    auto check = check_authorize(*ctx_, *q, v1_dialect());
    auto& req = std::get<AuthorizeRequest>(check);
    auto location = approve(*ctx_, req, user_, granted_scopes(req, {}));
    auto start = location.find("code=") + 5;
    return location.substr(start, location.find('&', start) - start);
  }

  Result<TokenResponse> exchange(const std::string& code) {
    auto p = parse_form("grant_type=authorization_code&client_key=" + app_.client_key +
                        "&client_secret=" + secret_ + "&code=" + code);
    V1Call call;
    return v1_access_token(*ctx_, *p, call);
  }

  Result<TokenResponse> refresh(const std::string& token) {
    auto p = parse_form("grant_type=refresh_token&client_key=" + app_.client_key +
                        "&refresh_token=" + token);
    V1Call call;
    return v1_refresh_token(*ctx_, *p, call);
  }

  bool counted(const std::string& sample) {
    return metrics_.render().find(sample + " 1\n") != std::string::npos;
  }

  Metrics metrics_;
  App app_;
  std::string secret_;
  Id user_ = 0;
};

TEST_F(V1Flow, ExchangeUsesV1LifetimesAndCounts) {
  auto t = exchange(code());
  ASSERT_TRUE(t) << t.error().description;
  EXPECT_EQ(t->expires_in, config_.sunset.v1_access_ttl);
  EXPECT_TRUE(
      counted("loginkit_tokens_issued_total{grant_type=\"authorization_code\",api_version=\"1\"}"));
}

TEST_F(V1Flow, ReplayedCodeRevokesAndIsCounted) {
  auto c = code();
  auto first = exchange(c);
  ASSERT_TRUE(first);
  auto again = exchange(c);
  ASSERT_FALSE(again);
  EXPECT_EQ(v1_error_code(again.error()), v1code::kCodeInvalid);
  EXPECT_FALSE(refresh(first->user->refresh_token));  // the grant died with the replay
  EXPECT_TRUE(counted("loginkit_codes_replayed_total{api_version=\"1\"}"));
}

// Reuse of a rotated v1 refresh token is the same theft signal as in v2: the family dies and the
// event is counted (v1 used to revoke without counting it).
TEST_F(V1Flow, RefreshReuseRevokesTheFamilyAndIsCounted) {
  auto t0 = exchange(code());
  ASSERT_TRUE(t0);
  auto t1 = refresh(t0->user->refresh_token);
  ASSERT_TRUE(t1) << t1.error().description;
  auto reused = refresh(t0->user->refresh_token);
  ASSERT_FALSE(reused);
  EXPECT_EQ(v1_error_code(reused.error()), v1code::kRefreshTokenInvalid);
  EXPECT_FALSE(refresh(t1->user->refresh_token));
  EXPECT_TRUE(counted("loginkit_refresh_reuse_total{api_version=\"1\"}"));
  EXPECT_TRUE(counted("loginkit_tokens_refreshed_total{api_version=\"1\"}"));
}

TEST_F(V1Flow, NoMixingWithV2) {
  auto t = exchange(code());
  ASSERT_TRUE(t);
  auto v2 = user_info(*ctx_, "Bearer " + t->access_token, "open_id");
  ASSERT_FALSE(v2);
  EXPECT_EQ(v2.error().code, "access_token_invalid");
  V1Call call;
  auto v1 = v1_user_info(*ctx_, V1UserInfoRequest{t->access_token, std::nullopt, {}}, call);
  ASSERT_TRUE(v1);
  EXPECT_EQ(call.outcome, "accepted");
  EXPECT_EQ(call.app_id, std::optional<Id>(app_.id));
}

}  // namespace
}  // namespace loginkit
