#include "core/crypto.hpp"

#include <gtest/gtest.h>

#include <regex>

#include "core/log_id.hpp"
#include "core/scopes.hpp"

namespace loginkit {
namespace {

TEST(Crypto, Sha256AndBase64url) {
  EXPECT_EQ(crypto::sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(crypto::sha256("abc").size(), 32U);
  EXPECT_EQ(crypto::base64url(crypto::sha256("abc")), crypto::sha256_base64url("abc"));
  EXPECT_EQ(crypto::base64url("\xfb\xff"), "-_8");
  bool ok = false;
  EXPECT_EQ(crypto::base64_decode("Zm9vOmJhcg==", ok), "foo:bar");
  EXPECT_TRUE(ok);
  crypto::base64_decode("Zm9v!mJhcg==", ok);
  EXPECT_FALSE(ok);
}

TEST(Crypto, Base64urlDecodeIsStrictAndRoundTrips) {
  std::string out;
  for (const std::string& bytes : {std::string(), std::string("\xfb\xff"), std::string("foo:bar"),
                                   std::string("\x00\x01\x02", 3)}) {
    ASSERT_TRUE(crypto::base64url_decode(crypto::base64url(bytes), out));
    EXPECT_EQ(out, bytes);
  }
  EXPECT_FALSE(crypto::base64url_decode("-_9", out));     // non-zero leftover bits
  EXPECT_FALSE(crypto::base64url_decode("Zm9v+g", out));  // the other alphabet
  EXPECT_FALSE(crypto::base64url_decode("Zm9v=", out));   // padding
  EXPECT_FALSE(crypto::base64url_decode("Zm9vO", out));   // no byte string encodes to 5 chars
  EXPECT_EQ(crypto::hmac_sha256("key", "data").size(), 32u);
}

TEST(Crypto, TokensAreUrlSafeAndDistinct) {
  auto a = crypto::random_token("act."), b = crypto::random_token("act.");
  EXPECT_NE(a, b);
  EXPECT_TRUE(std::regex_match(a, std::regex("act\\.[A-Za-z0-9_-]{43}")));
}

TEST(LogId, TimestampAndTwentyHex) {
  auto id = make_log_id(0);
  EXPECT_TRUE(std::regex_match(id, std::regex("19700101000000[0-9A-F]{20}")));
}

// The reusing form overwrites what its string held, and the per-thread stamp follows the clock.
TEST(LogId, IntoAReusedStringFollowsTheClock) {
  std::string id = "left over";
  make_log_id(0, id);
  EXPECT_TRUE(std::regex_match(id, std::regex("19700101000000[0-9A-F]{20}")));
  std::string before = id;
  make_log_id(0, id);
  EXPECT_NE(id, before);  // a fresh random part every time
  make_log_id(86461, id);
  EXPECT_TRUE(std::regex_match(id, std::regex("19700102000101[0-9A-F]{20}")));
  make_log_id(0, id);
  EXPECT_TRUE(std::regex_match(id, std::regex("19700101000000[0-9A-F]{20}")));
}

TEST(Scopes, CommaOrSpaceSeparated) {
  EXPECT_EQ(join_scopes(parse_scopes("video.list user.info.basic,video.list")),
            "user.info.basic,video.list");
  EXPECT_TRUE(parse_scopes(" , ").empty());
}

}  // namespace
}  // namespace loginkit
