// Self-validating access tokens through the protocol layer: issuing writes no token row, every
// place that accepts an access token validates it against the store's revocation state, and
// tokens of the earlier stored format keep working until they expire.
#include "oauth/access_validation.hpp"

#include <gtest/gtest.h>

#include <deque>

#include "core/crypto.hpp"
#include "oauth/authorize.hpp"
#include "oauth/introspect.hpp"
#include "oauth/protocol_test_fixture.hpp"
#include "oauth/token_endpoint.hpp"
#include "oauth/userinfo.hpp"

namespace loginkit {
namespace {

class SelfValidating : public CodeFlowTest {
 protected:
  // The request views its body: each body lives as long as the test.
  TokenRequest form(const std::string& rest) {
    bodies_.push_back(creds() + "&" + rest);
    return {"application/x-www-form-urlencoded", bodies_.back(), std::nullopt};
  }

  TokenResponse user_tokens() {
    auto r = token("grant_type=authorization_code&redirect_uri=https%3A%2F%2Fa.example%2Fcb&code=" +
                   code_for("user.info.basic"));
    EXPECT_TRUE(r) << r.error().description;
    return *r;
  }
  std::string client_token() {
    auto r = token("grant_type=client_credentials");
    EXPECT_TRUE(r) << r.error().description;
    return r->access_token;
  }
  bool active(const std::string& token) {
    auto r = introspect_request(*ctx_, read_token_form(form("token=" + token)));
    EXPECT_TRUE(r);
    return r && r->active;
  }
  bool userinfo_ok(const std::string& token) {
    return static_cast<bool>(user_info(*ctx_, "Bearer " + token, "open_id"));
  }
  void revoke(const std::string& token) {
    EXPECT_TRUE(revoke_request(*ctx_, read_token_form(form("token=" + token))));
  }
  std::size_t token_rows() {
    std::lock_guard lock(store_->engine()->mu);
    return store_->engine()->tokens.size();
  }

  std::deque<std::string> bodies_;
};

TEST_F(SelfValidating, ClientCredentialsWritesNothingAndIntrospects) {
  std::string token = client_token();
  EXPECT_TRUE(token.starts_with("clt."));
  EXPECT_LT(token.size(), 120u);
  EXPECT_EQ(token_rows(), 0u);
  auto r = introspect_request(*ctx_, read_token_form(form("token=" + token)));
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->active);
  EXPECT_EQ(r->scope, "user.info.basic user.info.profile");
  EXPECT_EQ(r->client_id, app_.client_key);
  EXPECT_EQ(r->token_type, "Bearer");
  EXPECT_TRUE(r->sub.empty());
  EXPECT_EQ(r->exp, clock_.now() + config_.client_ttl);
  EXPECT_FALSE(userinfo_ok(token)) << "a client token is no user token";
  clock_.advance(config_.client_ttl);
  EXPECT_FALSE(active(token)) << "expired";
}

TEST_F(SelfValidating, RevokedClientTokenIsDeniedUntilItExpires) {
  std::string token = client_token(), other = client_token();
  revoke(token);
  EXPECT_FALSE(active(token));
  EXPECT_TRUE(active(other)) << "only that token";
  revoke(token);  // already revoked: still 200 {}
  auto& deny = store_->revoked_tokens();
  EXPECT_EQ(deny.purge_denied(clock_.now(), 100), 0) << "kept while the token lives";
  clock_.advance(config_.client_ttl + 1);
  EXPECT_EQ(deny.purge_denied(clock_.now(), 100), 1);
}

TEST_F(SelfValidating, CodeExchangeStoresOnlyTheRefreshToken) {
  auto t = user_tokens();
  EXPECT_TRUE(t.access_token.starts_with("act."));
  EXPECT_EQ(token_rows(), 1u);
  EXPECT_TRUE(userinfo_ok(t.access_token));
  EXPECT_TRUE(active(t.access_token));
  auto r = introspect_request(*ctx_, read_token_form(form("token=" + t.access_token)));
  EXPECT_EQ(r->sub, t.user->open_id);
  clock_.advance(config_.access_ttl);
  EXPECT_FALSE(userinfo_ok(t.access_token)) << "expired";
}

TEST_F(SelfValidating, RevokingTheGrantKillsItsSelfValidatingTokens) {
  auto t = user_tokens();
  auto refreshed = token_request(
      *ctx_, grants_, form("grant_type=refresh_token&refresh_token=" + t.user->refresh_token));
  ASSERT_TRUE(refreshed);
  EXPECT_TRUE(userinfo_ok(t.access_token)) << "earlier access tokens stay valid";
  revoke(refreshed->access_token);  // revoke of a user token = disconnect
  EXPECT_FALSE(userinfo_ok(t.access_token));
  EXPECT_FALSE(userinfo_ok(refreshed->access_token));
  EXPECT_FALSE(active(refreshed->access_token));
}

TEST_F(SelfValidating, ForgedOrForeignTokensAreRefused) {
  auto t = user_tokens();
  std::string forged = t.access_token;
  forged[10] = forged[10] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(userinfo_ok(forged));
  EXPECT_FALSE(active(forged));
  // Minted under another server key: the database alone cannot make tokens.
  OAuthContext other{*store_, clock_, config_, nullptr, "another-server-key-0123456789abcdef"};
  auto claims = open_presented(*ctx_, t.access_token, true).claims;
  ASSERT_TRUE(claims);
  EXPECT_FALSE(userinfo_ok(mint_access_token(other, *claims)));
  // The same claims under the v1 version are refused by v2 user info (no mixing).
  claims->api_version = 1;
  EXPECT_FALSE(userinfo_ok(mint_access_token(*ctx_, *claims)));
}

TEST_F(SelfValidating, TokensOfTheEarlierStoredFormatKeepWorking) {
  auto t = user_tokens();
  auto claims = open_presented(*ctx_, t.access_token, true).claims;
  ASSERT_TRUE(claims);
  std::string legacy_user = crypto::random_token("act.");
  std::string legacy_client = crypto::random_token("clt.");
  store_->tokens().insert_token(Token{crypto::sha256_hex(legacy_user), TokenKind::kAccess, app_.id,
                                      claims->subject, parse_scopes("user.info.basic"), 2,
                                      clock_.now() + 100});
  store_->tokens().insert_token(Token{crypto::sha256_hex(legacy_client), TokenKind::kClient,
                                      app_.id, std::nullopt, app_.scopes, 2, clock_.now() + 100});
  EXPECT_TRUE(userinfo_ok(legacy_user));
  EXPECT_TRUE(active(legacy_user));
  EXPECT_TRUE(active(legacy_client));
  revoke(legacy_client);
  EXPECT_FALSE(active(legacy_client));
  clock_.advance(100);
  EXPECT_FALSE(userinfo_ok(legacy_user)) << "until it expires";
}

}  // namespace
}  // namespace loginkit
