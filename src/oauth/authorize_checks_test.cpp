// Each authorization check on its own, then the order they run in.
#include "oauth/authorize_checks.hpp"

#include <gtest/gtest.h>

#include "oauth/protocol_test_fixture.hpp"

namespace loginkit {
namespace {

class AuthorizeChecks : public ProtocolTest {
 protected:
  void SetUp() override {
    ProtocolTest::SetUp();
    // Before the legacy-domain freeze, so the app may carry a v1 redirect domain.
    clock_.set(config_.sunset.v2_for_new_apps - 86400);
    auto out = add_app({{Platform::kDesktop, "http://localhost:*/cb"}}, {"legacy.example"});
    ASSERT_TRUE(out.ok());
    app_ = out.app;
  }

  // A draft of `query` whose client and redirect URI already passed (as the list runs them).
  AuthorizeDraft& draft(const std::string& query, const Dialect& d = v2_dialect(),
                        const std::string& redirect = "https://a.example/cb") {
    query_ = *parse_form(query);
    draft_ = std::make_unique<AuthorizeDraft>(*ctx_, d, query_);
    draft_->app = app_;
    draft_->redirect_uri = Uri::parse(redirect).value();
    return *draft_;
  }
  AuthorizeDraft& bare(const std::string& query, const Dialect& d = v2_dialect()) {
    query_ = *parse_form(query);
    draft_ = std::make_unique<AuthorizeDraft>(*ctx_, d, query_);
    return *draft_;
  }

  App app_;
  Params query_;
  std::unique_ptr<AuthorizeDraft> draft_;
};

void expect_page(const std::optional<AuthorizeFailure>& f, const std::string& description) {
  ASSERT_TRUE(f);
  EXPECT_FALSE(f->redirectable());
  EXPECT_EQ(f->error.code, "invalid_request");
  EXPECT_EQ(f->error.description, description);
}

void expect_redirect(const std::optional<AuthorizeFailure>& f, const std::string& code) {
  ASSERT_TRUE(f);
  EXPECT_TRUE(f->redirectable());
  EXPECT_EQ(f->error.code, code);
}

TEST_F(AuthorizeChecks, ClientKnown) {
  expect_page(check_client_known(bare("")), "The request is missing client_key.");
  expect_page(check_client_known(bare("client_key=nope")), "The client_key is not known.");
  auto& d = bare("client_key=" + app_.client_key);
  EXPECT_FALSE(check_client_known(d));
  EXPECT_EQ(d.app.id, app_.id);
}

TEST_F(AuthorizeChecks, ClientIdAgrees) {
  EXPECT_FALSE(check_client_id_agrees(draft("client_key=k&client_id=k")));
  EXPECT_FALSE(check_client_id_agrees(draft("client_key=k")));
  expect_page(check_client_id_agrees(draft("client_key=k&client_id=j")),
              "client_id and client_key name different apps.");
}

TEST_F(AuthorizeChecks, LoginKit) {
  auto& d = draft("");
  EXPECT_FALSE(check_login_kit(d));
  d.app.login_kit = false;
  expect_page(check_login_kit(d), "This app has not added Login Kit.");
}

TEST_F(AuthorizeChecks, RedirectUriByDialect) {
  auto& exact = bare("redirect_uri=https%3A%2F%2Fa.example%2Fcb");
  exact.app = app_;
  EXPECT_FALSE(check_redirect_uri(exact));
  EXPECT_EQ(exact.redirect_uri->str(), "https://a.example/cb");
  EXPECT_EQ(exact.platform, Platform::kWeb);

  auto& desktop = bare("redirect_uri=http%3A%2F%2Flocalhost%3A5000%2Fcb");
  desktop.app = app_;
  EXPECT_FALSE(check_redirect_uri(desktop));
  EXPECT_EQ(desktop.platform, Platform::kDesktop);

  // v2 matches exactly: a legacy domain is no registration there.
  auto& legacy_v2 = bare("redirect_uri=https%3A%2F%2Fapp.legacy.example%2Fcb");
  legacy_v2.app = app_;
  auto f = check_redirect_uri(legacy_v2);
  expect_page(f, "The redirect_uri is not registered for this app.");
  EXPECT_EQ(f->app_id, app_.id);

  // v1 accepts a subdomain of a legacy domain (SPEC §3).
  auto& legacy_v1 = bare("redirect_uri=https%3A%2F%2Fapp.legacy.example%2Fcb", v1_dialect());
  legacy_v1.app = app_;
  EXPECT_FALSE(check_redirect_uri(legacy_v1));
}

TEST_F(AuthorizeChecks, RedirectParamsSingle) {
  expect_page(check_redirect_params_single(draft("state=a&state=b")),
              "A parameter was sent more than once.");
  expect_page(check_redirect_params_single(draft("redirect_uri=a&redirect_uri=a")),
              "A parameter was sent more than once.");
  auto& d = draft("state=xyz");
  EXPECT_FALSE(check_redirect_params_single(d));
  EXPECT_EQ(d.state, std::optional<std::string>("xyz"));
}

TEST_F(AuthorizeChecks, SunsetIsV1Only) {
  clock_.set(config_.sunset.v1_web_end_of_life + 60);
  EXPECT_FALSE(check_sunset(draft("")));
  auto f = check_sunset(draft("", v1_dialect()));
  expect_redirect(f, "unauthorized_client");
  EXPECT_FALSE(f->policy_rule.empty());
  auto& mobile = draft("", v1_dialect());
  mobile.platform = Platform::kAndroid;
  EXPECT_FALSE(check_sunset(mobile));
}

TEST_F(AuthorizeChecks, ParamsSingle) {
  EXPECT_FALSE(check_params_single(draft("scope=a&response_type=code")));
  expect_redirect(check_params_single(draft("scope=a&scope=b")), "invalid_request");
  expect_redirect(check_params_single(draft("client_id=a&client_id=a")), "invalid_request");
}

TEST_F(AuthorizeChecks, ResponseType) {
  expect_redirect(check_response_type(draft("")), "invalid_request");
  expect_redirect(check_response_type(draft("response_type=token")), "unsupported_response_type");
  EXPECT_FALSE(check_response_type(draft("response_type=code")));
}

TEST_F(AuthorizeChecks, Scope) {
  expect_redirect(check_scope(draft("scope=")), "invalid_request");
  expect_redirect(check_scope(draft("scope=video.publish")), "invalid_scope");
  auto& d = draft("scope=user.info.profile,user.info.basic");
  EXPECT_FALSE(check_scope(d));
  EXPECT_EQ(d.scopes, parse_scopes("user.info.basic,user.info.profile"));
}

TEST_F(AuthorizeChecks, ConsentMode) {
  auto& forced = draft("disable_auto_auth=1");
  EXPECT_FALSE(check_consent_mode(forced));
  EXPECT_TRUE(forced.force_consent);
  auto& lenient = draft("disable_auto_auth=0");
  EXPECT_FALSE(check_consent_mode(lenient));
  EXPECT_FALSE(lenient.force_consent);
}

TEST_F(AuthorizeChecks, Pkce) {
  const std::string challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
  // Web: optional, S256 only, and a valid challenge is kept.
  EXPECT_FALSE(check_pkce(draft("")));
  expect_redirect(check_pkce(draft("code_challenge=" + challenge + "&code_challenge_method=plain")),
                  "invalid_request");
  expect_redirect(check_pkce(draft("code_challenge=short")), "invalid_request");
  auto& ok = draft("code_challenge=" + challenge + "&code_challenge_method=S256");
  EXPECT_FALSE(check_pkce(ok));
  EXPECT_EQ(ok.code_challenge, challenge);
  // Desktop (and a web app that opted in): required.
  auto& desktop = draft("");
  desktop.platform = Platform::kDesktop;
  expect_redirect(check_pkce(desktop), "invalid_request");
  auto& opted = draft("");
  opted.app.require_pkce_web = true;
  expect_redirect(check_pkce(opted), "invalid_request");
  // v1 has no PKCE: nothing is required, nothing is kept.
  auto& v1 = draft("code_challenge=short&code_challenge_method=plain", v1_dialect());
  v1.platform = Platform::kAndroid;
  EXPECT_FALSE(check_pkce(v1));
  EXPECT_TRUE(v1.code_challenge.empty());
}

TEST_F(AuthorizeChecks, ClientAndRedirectUriComeFirst) {
  std::vector<std::string_view> names;
  for (const auto& c : authorize_checks()) names.push_back(c.name);
  EXPECT_EQ(names, (std::vector<std::string_view>{"client_known", "client_id_agrees", "login_kit",
                                                  "redirect_uri", "redirect_params_single",
                                                  "sunset", "params_single", "response_type",
                                                  "scope", "consent_mode", "pkce"}));
}

TEST_F(AuthorizeChecks, TheListBuildsTheRequest) {
  auto q = parse_form("client_key=" + app_.client_key +
                      "&response_type=code&scope=user.info.basic&state=s"
                      "&redirect_uri=https%3A%2F%2Fapp.legacy.example%2Fcb");
  auto check = check_authorize(*ctx_, *q, v1_dialect());
  ASSERT_TRUE(std::holds_alternative<AuthorizeRequest>(check));
  const auto& req = std::get<AuthorizeRequest>(check);
  EXPECT_EQ(req.dialect->version(), 1);
  EXPECT_EQ(req.state, std::optional<std::string>("s"));
  EXPECT_EQ(req.redirect_uri.str(), "https://app.legacy.example/cb");
  // The same query under v2: the legacy domain is no registration, so an error page.
  auto v2 = check_authorize(*ctx_, *q);
  ASSERT_TRUE(std::holds_alternative<AuthorizeFailure>(v2));
  EXPECT_FALSE(std::get<AuthorizeFailure>(v2).redirectable());
}

}  // namespace
}  // namespace loginkit
