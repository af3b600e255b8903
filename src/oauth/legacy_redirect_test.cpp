#include "oauth/legacy_redirect.hpp"

#include <gtest/gtest.h>

namespace loginkit {
namespace {

std::optional<Platform> match_v1(const App& app, std::string_view uri) {
  auto t = match_v1_redirect_uri(app, uri);
  return t ? std::optional(t->platform) : std::nullopt;
}

App app_with_domain(std::string domain) {
  App app;
  app.legacy_domains.push_back(std::move(domain));
  return app;
}

TEST(LegacyRedirect, DomainAndSubdomainsMatch) {
  App app = app_with_domain("good.example");
  EXPECT_EQ(match_v1(app, "https://good.example/cb"), Platform::kWeb);
  EXPECT_EQ(match_v1(app, "https://www.Good.Example:8443/cb"), Platform::kWeb);
  EXPECT_FALSE(match_v1(app, "https://evilgood.example/cb"));
  EXPECT_FALSE(match_v1(app, "http://good.example/cb"));
  EXPECT_FALSE(match_v1(app, "https://good.example@evil.example/"));
}

// Found by tests/fuzz/fuzz_legacy_redirect (corpus: regression_backslash_*). Browsers parse https
// URLs by the WHATWG URL standard, where '\' ends the authority like '/': this URI sends the user
// to evil.example (path "/.good.example/cb"), so it must not pass as a subdomain of good.example.
TEST(LegacyRedirect, BackslashEndsTheAuthorityLikeABrowser) {
  App app = app_with_domain("good.example");
  EXPECT_FALSE(match_v1(app, "https://evil.example\\.good.example/cb"));
  EXPECT_FALSE(match_v1(app, "https://evil.example\\.good.example"));
  EXPECT_FALSE(match_v1(app_with_domain("e"), "https://R\\.e"));
}

}  // namespace
}  // namespace loginkit

namespace loginkit {
namespace {

// CR/LF in the URI once put any header into our answer (the URI was copied into Location).
// Only a valid URI is a target, and the target is rebuilt from its parsed parts.
TEST(LegacyRedirect, TheTargetIsAValidRebuiltUri) {
  App app = app_with_domain("legacy.example");
  EXPECT_FALSE(match_v1_redirect_uri(app, "https://legacy.example/cb\r\nSet-Cookie: x=y"));
  EXPECT_FALSE(match_v1_redirect_uri(app, "https://legacy.example/cb\nX: y"));
  EXPECT_FALSE(match_v1_redirect_uri(app, "https://legacy.example/c b"));
  EXPECT_FALSE(match_v1_redirect_uri(app, "https://legacy.example/cb#frag"));
  EXPECT_FALSE(match_v1_redirect_uri(app, "https://legacy.example:0/cb"));
  EXPECT_FALSE(match_v1_redirect_uri(app, "https://legacy.example:abc/cb"));
  auto t = match_v1_redirect_uri(app, "https://www.legacy.example/cb%0D%0Ax?a=1");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->uri.str(), "https://www.legacy.example/cb%0D%0Ax?a=1");
  EXPECT_EQ(t->uri.with_params({{"code", "c"}}), "https://www.legacy.example/cb%0D%0Ax?a=1&code=c");
}

TEST(LegacyRedirect, AnIpAddressIsNoSubdomain) {
  EXPECT_FALSE(match_v1(app_with_domain("0.0.1"), "https://10.0.0.1/cb"));
  EXPECT_EQ(match_v1(app_with_domain("10.0.0.1"), "https://10.0.0.1/cb"), Platform::kWeb);
}

}  // namespace
}  // namespace loginkit
