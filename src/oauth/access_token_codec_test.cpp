#include "oauth/access_token_codec.hpp"

#include <gtest/gtest.h>

#include <regex>

#include "core/crypto.hpp"

namespace loginkit {
namespace {

const std::string& key() {
  return access_token_key("codec-test-server-key-0123456789");
}

AccessClaims user_claims() {
  AccessClaims c;
  c.kind = AccessKind::kUser;
  c.api_version = 2;
  c.subject = 1234567;
  c.expires_at = 1'900'000'000;
  c.scopes = {"user.info.basic", "user.info.profile"};
  return c;
}

TEST(AccessTokenCodec, RoundTripsUserAndClientTokens) {
  for (auto kind : {AccessKind::kUser, AccessKind::kClient}) {
    for (int api : {1, 2}) {
      AccessClaims c = user_claims();
      c.kind = kind;
      c.api_version = api;
      std::string token = encode_access_token(key(), c);
      EXPECT_TRUE(std::regex_match(token, std::regex("(act|clt)\\.[A-Za-z0-9_-]{68}"))) << token;
      EXPECT_TRUE(token.starts_with(kind == AccessKind::kUser ? "act." : "clt."));
      EXPECT_TRUE(is_self_validating(token));
      auto opened = check_access_token(key(), token, 1'800'000'000);
      ASSERT_TRUE(opened.claims) << opened.problem;
      EXPECT_EQ(opened.claims->kind, kind);
      EXPECT_EQ(opened.claims->api_version, api);
      EXPECT_EQ(opened.claims->subject, 1234567);
      EXPECT_EQ(opened.claims->expires_at, 1'900'000'000);
      EXPECT_EQ(opened.claims->scopes, c.scopes);
      EXPECT_EQ(opened.claims->token_id.size(), kAccessTokenIdBytes);
      EXPECT_EQ(access_token_id_hex(*opened.claims).size(), 2 * kAccessTokenIdBytes);
    }
  }
}

TEST(AccessTokenCodec, EachTokenHasItsOwnId) {
  auto a = check_access_token(key(), encode_access_token(key(), user_claims()), 0);
  auto b = check_access_token(key(), encode_access_token(key(), user_claims()), 0);
  ASSERT_TRUE(a.claims && b.claims);
  EXPECT_NE(a.claims->token_id, b.claims->token_id);
}

TEST(AccessTokenCodec, EverySingleBitFlipIsRejected) {
  std::string token = encode_access_token(key(), user_claims());
  for (std::size_t i = 0; i < token.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string flipped = token;
      flipped[i] = static_cast<char>(flipped[i] ^ (1 << bit));
      EXPECT_FALSE(open_access_token(key(), flipped).claims) << "byte " << i << " bit " << bit;
    }
  }
}

TEST(AccessTokenCodec, TruncatedOrExtendedIsRejected) {
  std::string token = encode_access_token(key(), user_claims());
  for (std::size_t n = 0; n < token.size(); ++n) {
    EXPECT_FALSE(open_access_token(key(), token.substr(0, n)).claims) << n;
  }
  EXPECT_FALSE(open_access_token(key(), token + "A").claims);
  EXPECT_FALSE(is_self_validating(token.substr(0, token.size() - 1)));
}

TEST(AccessTokenCodec, WrongPrefixIsRejected) {
  std::string token = encode_access_token(key(), user_claims());
  std::string as_client = "clt." + token.substr(4);
  EXPECT_FALSE(open_access_token(key(), as_client).claims);
  EXPECT_FALSE(open_access_token(key(), "rft." + token.substr(4)).claims);
  EXPECT_FALSE(open_access_token(key(), token.substr(4)).claims);
}

TEST(AccessTokenCodec, AnotherKeyIsRejected) {
  std::string token = encode_access_token(key(), user_claims());
  std::string other = crypto::hmac_sha256("another-server-key-0123456789", "x");
  EXPECT_STREQ(open_access_token(other, token).problem, "bad mac");
  // Never the server key itself.
  EXPECT_NE(key(), "codec-test-server-key-0123456789");
}

TEST(AccessTokenCodec, WrongVersionOrKindIsRejectedEvenWithAGoodMac) {
  std::string token = encode_access_token(key(), user_claims());
  std::string raw;
  ASSERT_TRUE(crypto::base64url_decode(token.substr(4), raw));
  std::string body = raw.substr(0, kAccessBodyBytes);
  std::string v2 = body;
  v2[0] = 2;
  EXPECT_STREQ(open_access_token(key(), seal_access_token(key(), "act.", v2)).problem,
               "unknown format");
  std::string kind = body;
  kind[2] = 7;
  EXPECT_STREQ(open_access_token(key(), seal_access_token(key(), "act.", kind)).problem,
               "unknown kind");
  // A user body sealed under the client prefix.
  EXPECT_STREQ(open_access_token(key(), seal_access_token(key(), "clt.", body)).problem,
               "prefix does not match kind");
  EXPECT_TRUE(open_access_token(key(), seal_access_token(key(), "act.", body)).claims);
}

TEST(AccessTokenCodec, ExpiredIsRejectedAtItsExpiry) {
  std::string token = encode_access_token(key(), user_claims());
  EXPECT_TRUE(check_access_token(key(), token, 1'899'999'999).claims);
  EXPECT_STREQ(check_access_token(key(), token, 1'900'000'000).problem, "expired");
  EXPECT_TRUE(open_access_token(key(), token).claims) << "open alone ignores the expiry";
}

TEST(AccessTokenCodec, EarlierRandomTokensAreNotThisFormat) {
  EXPECT_FALSE(is_self_validating(crypto::random_token("act.")));
  EXPECT_FALSE(is_self_validating(crypto::random_token("clt.")));
  EXPECT_FALSE(is_self_validating("undefined"));
}

}  // namespace
}  // namespace loginkit
