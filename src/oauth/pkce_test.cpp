#include "oauth/pkce.hpp"

#include <gtest/gtest.h>

namespace loginkit {
namespace {

// RFC 7636 Appendix B.
constexpr std::string_view kVerifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
constexpr std::string_view kB64Challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

TEST(Pkce, Rfc7636AppendixB) {
  EXPECT_TRUE(pkce::valid_challenge(kB64Challenge));
  EXPECT_TRUE(pkce::verifier_matches(kB64Challenge, kVerifier));
  EXPECT_FALSE(pkce::verifier_matches(kB64Challenge, std::string(kVerifier) + "x"));
}

TEST(Pkce, LowercaseHexEncoding) {
  std::string hex = "13d31e961a1ad8ec2f16b10c4c982e0876a878ad6df144566ee1894acb70f9c3";
  EXPECT_TRUE(pkce::valid_challenge(hex));
  EXPECT_TRUE(pkce::verifier_matches(hex, kVerifier));
}

TEST(Pkce, VerifierShape) {
  EXPECT_FALSE(pkce::valid_verifier(std::string(42, 'a')));
  EXPECT_TRUE(pkce::valid_verifier(std::string(43, 'a')));
  EXPECT_TRUE(pkce::valid_verifier(std::string(128, '~')));
  EXPECT_FALSE(pkce::valid_verifier(std::string(129, 'a')));
  EXPECT_FALSE(pkce::valid_verifier(std::string(50, 'a') + "+"));
}

}  // namespace
}  // namespace loginkit
