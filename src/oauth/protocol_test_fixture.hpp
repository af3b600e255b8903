#pragma once
// A protocol context on a fresh in-memory store, for the oauth unit tests (the storage contract
// suite proves the engines answer alike).
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "core/clock.hpp"
#include "oauth/app_registry.hpp"
#include "oauth/authorize.hpp"
#include "oauth/context.hpp"
#include "oauth/token_endpoint.hpp"
#include "store/memory/memory_store.hpp"

namespace loginkit {

class ProtocolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::make_unique<MemoryStore>();
    store_->migrate();
    ctx_ = std::make_unique<OAuthContext>(
        OAuthContext{*store_, clock_, config_, nullptr, "protocol-test-server-key-0123456789"});
  }
  Id add_user(const std::string& name) {
    User u;
    u.username = name;
    u.password_hash = "h";
    u.display_name = name;
    return store_->users().create_user(u);
  }

  // An app approved for user.info.profile with Login Kit on the web at https://a.example/cb,
  // plus `more` redirect URIs and legacy domains.
  RegistryOutcome add_app(std::vector<RedirectUri> more = {},
                          std::vector<std::string> legacy_domains = {}) {
    Id dev = store_->developers().create_developer(Developer{0, "d@x", "d", "h", 0});
    std::vector<RedirectUri> uris{{Platform::kWeb, "https://a.example/cb"}};
    uris.insert(uris.end(), more.begin(), more.end());
    auto out = create_app(*ctx_, "test",
                          NewApp{"App", dev, parse_scopes("user.info.profile"), true, true, false,
                                 uris, std::move(legacy_domains)});
    EXPECT_TRUE(out.ok()) << (out.messages.empty() ? out.error : out.messages[0]);
    return out;
  }

  void TearDown() override {
    ctx_.reset();
    store_.reset();
  }

  AdjustableClock clock_;
  OAuthConfig config_;
  std::unique_ptr<MemoryStore> store_;
  std::unique_ptr<OAuthContext> ctx_;
};

// The code flow's cast: a user "u", an app with its secret, and the v2 grants; codes approved as
// that user at https://a.example/cb and token requests authenticated as that app.
class CodeFlowTest : public ProtocolTest {
 protected:
  void SetUp() override {
    ProtocolTest::SetUp();
    user_ = add_user("u");
    auto out = add_app();
    ASSERT_TRUE(out.ok());
    app_ = out.app;
    secret_ = out.client_secret;
  }

  std::string code_for(const std::string& scope) {
    auto q =
        parse_form("client_key=" + app_.client_key +
                   "&response_type=code&redirect_uri=https%3A%2F%2Fa.example%2Fcb&scope=" + scope +
                   "&state=s");
    auto check = check_authorize(*ctx_, *q);
    auto& req = std::get<AuthorizeRequest>(check);
    auto location = approve(*ctx_, req, user_, granted_scopes(req, {}));
    auto start = location.find("code=") + 5;
    return location.substr(start, location.find('&', start) - start);
  }

  std::string creds() const {
    return "client_key=" + app_.client_key + "&client_secret=" + secret_;
  }
  Result<TokenResponse> token(const std::string& form) {
    std::string body = creds() + "&" + form;
    return token_request(*ctx_, grants_, {"application/x-www-form-urlencoded", body, std::nullopt});
  }

  GrantRegistry grants_ = make_v2_grants();
  App app_;
  std::string secret_;
  Id user_ = 0;
};

}  // namespace loginkit
