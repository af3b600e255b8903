#include "oauth/legacy_redirect.hpp"

#include <gtest/gtest.h>

namespace loginkit {
namespace {

App app_with_domain(std::string domain) {
  App app;
  app.legacy_domains.push_back(std::move(domain));
  return app;
}

TEST(LegacyRedirect, DomainAndSubdomainsMatch) {
  App app = app_with_domain("good.example");
  EXPECT_EQ(match_v1_redirect_uri(app, "https://good.example/cb"), Platform::kWeb);
  EXPECT_EQ(match_v1_redirect_uri(app, "https://www.Good.Example:8443/cb"), Platform::kWeb);
  EXPECT_FALSE(match_v1_redirect_uri(app, "https://evilgood.example/cb"));
  EXPECT_FALSE(match_v1_redirect_uri(app, "http://good.example/cb"));
  EXPECT_FALSE(match_v1_redirect_uri(app, "https://good.example@evil.example/"));
}

// Found by tests/fuzz/fuzz_legacy_redirect (corpus: regression_backslash_*). Browsers parse https
// URLs by the WHATWG URL standard, where '\' ends the authority like '/': this URI sends the user
// to evil.example (path "/.good.example/cb"), so it must not pass as a subdomain of good.example.
TEST(LegacyRedirect, BackslashEndsTheAuthorityLikeABrowser) {
  App app = app_with_domain("good.example");
  EXPECT_FALSE(match_v1_redirect_uri(app, "https://evil.example\\.good.example/cb"));
  EXPECT_FALSE(match_v1_redirect_uri(app, "https://evil.example\\.good.example"));
  EXPECT_FALSE(match_v1_redirect_uri(app_with_domain("e"), "https://R\\.e"));
}

}  // namespace
}  // namespace loginkit
