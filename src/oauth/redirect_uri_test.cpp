#include "oauth/redirect_uri.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace loginkit {
namespace {

bool ok(Platform p, std::string_view uri) {
  return redirect_uri_problems(p, uri).empty();
}

std::optional<Platform> matched(const App& app, std::string_view uri) {
  auto t = match_redirect_uri(app, uri);
  if (t) {
    EXPECT_EQ(t->uri.str(), uri);  // the target is the URI as sent, rebuilt
  }
  return t ? std::optional(t->platform) : std::nullopt;
}

bool has(const std::vector<std::string>& v, std::string_view m) {
  return std::find(v.begin(), v.end(), m) != v.end();
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

constexpr const char* kPortMessage = "Redirect URI port must be a number from 1 to 65535.";

TEST(RedirectUriRules, PortIsANumberFrom1To65535) {
  for (const char* uri :
       {"https://a.example:abc/cb", "https://a.example:0/cb", "https://a.example:65536/cb",
        "https://a.example:99999999/cb", "https://a.example:/cb", "https://a.example:8x/cb",
        "https://a.example:*/cb", "https://a.example:-1/cb"}) {
    auto problems = redirect_uri_problems(Platform::kWeb, uri);
    EXPECT_EQ(problems, std::vector<std::string>{kPortMessage}) << uri;
  }
  EXPECT_TRUE(ok(Platform::kWeb, "https://a.example:1/cb"));
  EXPECT_TRUE(ok(Platform::kWeb, "https://a.example:65535/cb"));
  EXPECT_TRUE(
      has(redirect_uri_problems(Platform::kDesktop, "http://localhost:0/cb"), kPortMessage));
  EXPECT_TRUE(
      has(redirect_uri_problems(Platform::kDesktop, "http://localhost:abc/cb"), kPortMessage));
}

TEST(RedirectUriRules, UserinfoControlAndStrayCharactersAreRefused) {
  EXPECT_TRUE(has(redirect_uri_problems(Platform::kWeb, "https://a.example@evil.example/cb"),
                  "Redirect URI must not contain a user name or password (\"name@\")."));
  EXPECT_FALSE(ok(Platform::kWeb, "https://a.example/c\tb"));
  EXPECT_FALSE(ok(Platform::kWeb, "https://a.example/cb\r\nSet-Cookie:%20x=y"));
  EXPECT_FALSE(ok(Platform::kWeb, "https://a.example/a|b"));
  EXPECT_FALSE(ok(Platform::kWeb, "https://a.example/a%zz"));
  EXPECT_FALSE(ok(Platform::kWeb, "https://a_b.example/cb"));
  EXPECT_TRUE(ok(Platform::kWeb, "https://a.example/a%20b/c;d=e"));
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
  EXPECT_EQ(matched(app, "https://a.example/cb"), Platform::kWeb);
  EXPECT_FALSE(matched(app, "https://a.example/cb/"));
  EXPECT_FALSE(matched(app, "https://A.example/cb"));
  EXPECT_EQ(matched(app, "http://localhost:5173/cb"), Platform::kDesktop);
  EXPECT_FALSE(matched(app, "http://localhost:/cb"));
  EXPECT_FALSE(matched(app, "http://localhost:80x/cb"));
  EXPECT_FALSE(matched(app, "http://localhost:80/cb/"));
  EXPECT_FALSE(matched(app, "https://localhost:80/cb"));
  EXPECT_EQ(matched(app, "https://a.example/android"), Platform::kAndroid);
  EXPECT_FALSE(matched(app, "http://localhost:0/cb"));
  EXPECT_FALSE(matched(app, "http://localhost:65536/cb"));
  EXPECT_EQ(matched(app, "http://localhost:65535/cb"), Platform::kDesktop);
  EXPECT_FALSE(matched(app, "http://localhost:*/cb"));  // the registration is not a target
  app.web_enabled = false;
  EXPECT_FALSE(matched(app, "https://a.example/cb"));
}

}  // namespace
}  // namespace loginkit

namespace loginkit {
namespace {

// A URI registered before the rules refused it still matches nothing: it could not be redirected
// to safely.
TEST(RedirectUriMatch, AnInvalidRegisteredUriNeverMatches) {
  App app;
  app.web_enabled = true;
  app.redirect_uris = {{Platform::kWeb, "https://a.example:abc/cb"},
                       {Platform::kWeb, "https://a.example/c b"}};
  EXPECT_FALSE(match_redirect_uri(app, "https://a.example:abc/cb"));
  EXPECT_FALSE(match_redirect_uri(app, "https://a.example/c b"));
}

}  // namespace
}  // namespace loginkit
