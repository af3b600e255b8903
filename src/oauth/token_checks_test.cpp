// Each token-request check on its own, in both dialects, then the order they run in.
#include "oauth/token_checks.hpp"

#include <gtest/gtest.h>

#include "oauth/protocol_test_fixture.hpp"
#include "oauth/token_endpoint.hpp"

namespace loginkit {
namespace {

class TokenChecks : public ProtocolTest {
 protected:
  void SetUp() override {
    ProtocolTest::SetUp();
    clock_.set(config_.sunset.v2_for_new_apps - 86400);  // an app that may still use v1
    auto out = add_app();
    ASSERT_TRUE(out.ok());
    app_ = out.app;
    secret_ = out.client_secret;
  }

  TokenDraft& draft(const std::string& form, const Dialect& d = v2_dialect(),
                    SecretCheck secret = SecretCheck::kRequired) {
    params_ = *parse_form(form);
    credentials_ = ClientCredentials{params_.get_or("client_key"), std::nullopt};
    if (auto s = params_.get("client_secret")) credentials_.value().secret = std::string(*s);
    draft_ =
        std::make_unique<TokenDraft>(*ctx_, d, d.grants(), params_, credentials_, secret, trace_);
    return *draft_;
  }

  App app_;
  std::string secret_;
  Params params_;
  Result<ClientCredentials> credentials_ = ClientCredentials{};
  CallTrace trace_;
  std::unique_ptr<TokenDraft> draft_;
};

TEST_F(TokenChecks, GrantTypePresent) {
  auto v2 = check_grant_type_present(draft("grant_type="));
  ASSERT_TRUE(v2);
  EXPECT_EQ(v2->description, "The request is missing the grant_type parameter.");
  auto v1 = check_grant_type_present(draft("", v1_dialect()));
  ASSERT_TRUE(v1);
  EXPECT_EQ(v1->code, "10005");
  auto& ok = draft("grant_type=refresh_token");
  EXPECT_FALSE(check_grant_type_present(ok));
  EXPECT_EQ(ok.grant_type, "refresh_token");
}

TEST_F(TokenChecks, ClientAuthenticated) {
  auto& ok = draft("client_key=" + app_.client_key + "&client_secret=" + secret_);
  EXPECT_FALSE(check_client_authenticated(ok));
  EXPECT_EQ(ok.client->id, app_.id);
  EXPECT_EQ(trace_.app_id, std::optional<Id>(app_.id));

  auto unknown = check_client_authenticated(draft("client_key=nope&client_secret=x"));
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->code, "invalid_client");
  auto wrong_v1 = check_client_authenticated(
      draft("client_key=" + app_.client_key + "&client_secret=wrong", v1_dialect()));
  ASSERT_TRUE(wrong_v1);
  EXPECT_EQ(wrong_v1->code, "10013");
  // v1 refresh sends no secret (SPEC §3).
  EXPECT_FALSE(check_client_authenticated(
      draft("client_key=" + app_.client_key, v1_dialect(), SecretCheck::kSkipped)));

  // A credential the wire could not read fails as it was read.
  auto& unreadable = draft("");
  credentials_ = make_error("invalid_request", "The request names two different clients.");
  auto f = check_client_authenticated(unreadable);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->description, "The request names two different clients.");
}

// The failed-authentication limit is asked once per judged attempt, just before the compare
// (unknown clients and wrong secrets included, v1 refresh of a known client excluded: no secret),
// and hears of a matched secret at once (the api layer frees the attempt's slot there).
TEST_F(TokenChecks, TheGateJudgesEachAttemptAndHearsOfAMatch) {
  struct Gate final : ClientAuthGate {
    int asked = 0, told = 0;
    std::int64_t admit_attempt() override {
      ++asked;
      return 0;
    }
    void client_authenticated() override { ++told; }
  } gate;
  trace_.gate = &gate;
  EXPECT_FALSE(check_client_authenticated(
      draft("client_key=" + app_.client_key + "&client_secret=" + secret_)));
  EXPECT_EQ(gate.asked, 1);
  EXPECT_EQ(gate.told, 1);
  EXPECT_TRUE(check_client_authenticated(draft("client_key=nope&client_secret=x")));
  EXPECT_TRUE(
      check_client_authenticated(draft("client_key=" + app_.client_key + "&client_secret=wrong")));
  EXPECT_EQ(gate.asked, 3);
  EXPECT_FALSE(check_client_authenticated(
      draft("client_key=" + app_.client_key, v1_dialect(), SecretCheck::kSkipped)));
  EXPECT_EQ(gate.asked, 3);
  EXPECT_EQ(gate.told, 1);
  EXPECT_FALSE(check_client_authenticated(
      draft("client_key=" + app_.client_key + "&client_secret=" + secret_, v1_dialect())));
  EXPECT_EQ(gate.told, 2);

  // Revocation and introspection authenticate through presented_token: the same there.
  TokenForm form = read_token_form(TokenRequest{
      "application/x-www-form-urlencoded",
      "client_key=" + app_.client_key + "&client_secret=" + secret_ + "&token=x", std::nullopt});
  ASSERT_TRUE(presented_token(*ctx_, form, &gate));
  EXPECT_EQ(gate.told, 3);
  TokenForm wrong = read_token_form(
      TokenRequest{"application/x-www-form-urlencoded",
                   "client_key=" + app_.client_key + "&client_secret=bad&token=x", std::nullopt});
  EXPECT_FALSE(presented_token(*ctx_, wrong, &gate));
  EXPECT_EQ(gate.asked, 6);
  EXPECT_EQ(gate.told, 3);
}

// Over the limit, the credentials are not judged at all: even the right secret gets the rate-limit
// failure, in each dialect's wire format.
TEST_F(TokenChecks, AGateOverItsLimitStopsTheAttemptBeforeTheCompare) {
  struct Full final : ClientAuthGate {
    int told = 0;
    std::int64_t admit_attempt() override { return 17; }
    void client_authenticated() override { ++told; }
  } full;
  trace_.gate = &full;
  auto v2 = check_client_authenticated(
      draft("client_key=" + app_.client_key + "&client_secret=" + secret_));
  ASSERT_TRUE(v2);
  EXPECT_EQ(v2->code, "temporarily_unavailable");
  EXPECT_EQ(v2->http_status, 429);
  EXPECT_NE(v2->description.find("17"), std::string::npos);
  auto v1 = check_client_authenticated(
      draft("client_key=" + app_.client_key + "&client_secret=" + secret_, v1_dialect()));
  ASSERT_TRUE(v1);
  EXPECT_EQ(full.told, 0);
  // v1 refresh judges no secret, so no limit stands in its way.
  EXPECT_FALSE(check_client_authenticated(
      draft("client_key=" + app_.client_key, v1_dialect(), SecretCheck::kSkipped)));
}

TEST_F(TokenChecks, GrantTypeSupportedByTheDialect) {
  auto& v2 = draft("");
  v2.grant_type = "client_credentials";
  EXPECT_FALSE(check_grant_type_supported(v2));
  EXPECT_NE(v2.handler, nullptr);
  auto& v1 = draft("", v1_dialect());
  v1.grant_type = "client_credentials";
  auto f = check_grant_type_supported(v1);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->code, "10002");
  auto& password = draft("");
  password.grant_type = "password";
  auto p = check_grant_type_supported(password);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->code, "unsupported_grant_type");
}

TEST_F(TokenChecks, Order) {
  std::vector<std::string_view> names;
  for (const auto& c : token_checks()) names.push_back(c.name);
  EXPECT_EQ(names, (std::vector<std::string_view>{"grant_type_present", "client_authenticated",
                                                  "grant_type_supported"}));
}

}  // namespace
}  // namespace loginkit
