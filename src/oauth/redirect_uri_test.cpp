#include "oauth/redirect_uri.hpp"

#include <gtest/gtest.h>

namespace loginkit {
namespace {

bool ok(Platform p, std::string_view uri) {
  return redirect_uri_problems(p, uri).empty();
}

TEST(RedirectUriRules, WebNeedsAbsoluteHttpsWithoutQueryOrFragment) {
  EXPECT_TRUE(ok(Platform::kWeb, "https://app.example/callback"));
  EXPECT_FALSE(ok(Platform::kWeb, "http://app.example/callback"));
  EXPECT_FALSE(ok(Platform::kWeb, "/callback"));
  EXPECT_FALSE(ok(Platform::kWeb, "https://app.example/cb?"));
  EXPECT_FALSE(ok(Platform::kWeb, "https://app.example/cb?a=1"));
  EXPECT_FALSE(ok(Platform::kWeb, "https://app.example/cb#"));
  EXPECT_TRUE(ok(Platform::kWeb, "https://app.example/" + std::string(490, 'a')));
  EXPECT_FALSE(ok(Platform::kWeb, "https://app.example/" + std::string(492, 'a')));  // 512 long
}

TEST(RedirectUriRules, HostMustBePlain) {
  EXPECT_FALSE(ok(Platform::kWeb, "https://evil.example\\.good.example/cb"));
  EXPECT_FALSE(ok(Platform::kWeb, "https://good%2eexample/cb"));
  EXPECT_TRUE(ok(Platform::kDesktop, "http://[::1]:8080/cb") ==
              false);  // host rule: loopback names only
  EXPECT_TRUE(ok(Platform::kWeb, "https://sub-1.good.example:8443/cb"));
}

TEST(RedirectUriRules, OneMessagePerBrokenRule) {
  auto problems = redirect_uri_problems(Platform::kWeb, "http://x/?a#b");
  EXPECT_EQ(problems.size(), 3u);
}

TEST(RedirectUriRules, DesktopNeedsLoopbackHostAndPort) {
  EXPECT_TRUE(ok(Platform::kDesktop, "http://localhost:8080/cb"));
  EXPECT_TRUE(ok(Platform::kDesktop, "https://127.0.0.1:*/cb"));
  EXPECT_FALSE(ok(Platform::kDesktop, "http://localhost/cb"));
  EXPECT_FALSE(ok(Platform::kDesktop, "http://example.com:80/cb"));
  EXPECT_FALSE(ok(Platform::kDesktop, "ftp://localhost:80/cb"));
}

TEST(RedirectUriRules, TenPerPlatformAndNoDuplicates) {
  App app;
  for (int i = 0; i < 10; ++i) {
    app.redirect_uris.push_back({Platform::kWeb, "https://a.example/" + std::to_string(i)});
  }
  EXPECT_FALSE(
      redirect_uri_registration_problems(app, Platform::kWeb, "https://a.example/x").empty());
  EXPECT_TRUE(
      redirect_uri_registration_problems(app, Platform::kIos, "https://a.example/x").empty());
  EXPECT_FALSE(
      redirect_uri_registration_problems(app, Platform::kWeb, "https://a.example/1").empty());
}

TEST(RedirectUriMatch, ExactCharacterForCharacter) {
  App app;
  app.web_enabled = true;
  app.redirect_uris = {{Platform::kWeb, "https://a.example/cb"},
                       {Platform::kDesktop, "http://localhost:*/cb"},
                       {Platform::kAndroid, "https://a.example/android"}};
  EXPECT_EQ(match_redirect_uri(app, "https://a.example/cb"), Platform::kWeb);
  EXPECT_FALSE(match_redirect_uri(app, "https://a.example/cb/"));
  EXPECT_FALSE(match_redirect_uri(app, "https://A.example/cb"));
  EXPECT_EQ(match_redirect_uri(app, "http://localhost:5173/cb"), Platform::kDesktop);
  EXPECT_FALSE(match_redirect_uri(app, "http://localhost:/cb"));
  EXPECT_FALSE(match_redirect_uri(app, "http://localhost:80x/cb"));
  EXPECT_FALSE(match_redirect_uri(app, "http://localhost:80/cb/"));
  EXPECT_FALSE(match_redirect_uri(app, "https://localhost:80/cb"));
  EXPECT_EQ(match_redirect_uri(app, "https://a.example/android"), Platform::kAndroid);
  app.web_enabled = false;
  EXPECT_FALSE(match_redirect_uri(app, "https://a.example/cb"));
}

}  // namespace
}  // namespace loginkit
