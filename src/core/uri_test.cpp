#include "core/uri.hpp"

#include <gtest/gtest.h>

namespace loginkit {
namespace {

std::vector<UriFlaw> flaws(std::string_view text, UriOptions o = {}) {
  return Uri::check(text, o).flaws;
}

TEST(Uri, ValidUrisRebuildToTheirOwnText) {
  for (const char* text : {"https://a.example/cb", "http://localhost:8080/cb", "https://a.example",
                           "https://[::1]:443/x?y=1&z", "HTTPS://A.Example:0443/a%2Fb;c=d?",
                           "https://10.0.0.1/cb%0D%0Ax"}) {
    auto u = Uri::parse(text);
    ASSERT_TRUE(u) << text;
    EXPECT_EQ(u->str(), text);
  }
}

TEST(Uri, PartsAsWritten) {
  auto u = Uri::parse("https://Www.A.example:8443/p/q%20r?x=1");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->scheme(), "https");
  EXPECT_EQ(u->host(), "Www.A.example");
  EXPECT_EQ(u->parts().port, "8443");
  EXPECT_EQ(u->parts().path, "/p/q%20r");
  EXPECT_EQ(u->parts().query, "x=1");
  EXPECT_TRUE(u->parts().host_is_name);
  EXPECT_EQ(u->with_params({{"code", "a b"}}), "https://Www.A.example:8443/p/q%20r?x=1&code=a%20b");
  EXPECT_EQ(Uri::parse("https://a.example/cb")->with_params({{"k", "v"}}),
            "https://a.example/cb?k=v");
}

// Header injection: no control character or space can be part of a URI, wherever it stands.
TEST(Uri, ControlCharactersAndSpacesAnywhereAreRefused) {
  for (const char* text : {"https://a.example/cb\r\nSet-Cookie: x=y", "https://a.example/\tx",
                           "https://a.example/cb\n", "https://a.ex ample/", " https://a.example/",
                           "https://a.example/?q=\x7f", "https://a.example/\x01"}) {
    auto r = Uri::check(text);
    EXPECT_FALSE(r.uri) << text;
    EXPECT_TRUE(r.has(UriFlaw::kControl)) << text;
  }
  EXPECT_TRUE(Uri::check(std::string_view("https://a.example/\0x", 20)).has(UriFlaw::kControl));
}

TEST(Uri, EachRuleHasItsFlaw) {
  using F = UriFlaw;
  EXPECT_EQ(flaws("https://a.example/cb#x"), std::vector{F::kFragment});
  EXPECT_EQ(flaws("https://a.example/cb#"), std::vector{F::kFragment});
  EXPECT_EQ(flaws("https://u:p@a.example/cb"), std::vector{F::kUserinfo});
  EXPECT_EQ(flaws("https://a.example:abc/cb"), std::vector{F::kPort});
  EXPECT_EQ(flaws("https://a.example:0/cb"), std::vector{F::kPort});
  EXPECT_EQ(flaws("https://a.example:65536/cb"), std::vector{F::kPort});
  EXPECT_EQ(flaws("https://a.example:99999999/cb"), std::vector{F::kPort});
  EXPECT_EQ(flaws("https://a.example:000443/cb"), std::vector{F::kPort});
  EXPECT_EQ(flaws("https://a.example:/cb"), std::vector{F::kPort});
  EXPECT_EQ(flaws("https://a.example:*/cb"), std::vector{F::kPort});
  EXPECT_EQ(flaws("https://a.example\\.b.example/"), std::vector{F::kBackslash});
  EXPECT_EQ(flaws("https://a.example/\xc3\xa9"), std::vector{F::kNonAscii});
  EXPECT_EQ(flaws("https://a.example/<x>"), std::vector{F::kBadCharacter});
  EXPECT_EQ(flaws("https://a.example/%zz"), std::vector{F::kBadCharacter});
  EXPECT_EQ(flaws("https://a.example/[x]"), std::vector{F::kBadCharacter});
  EXPECT_EQ(flaws("https://good%2eexample/"), std::vector{F::kHost});
  EXPECT_EQ(flaws("https://a_b.example/"), std::vector{F::kHost});
  EXPECT_EQ(flaws("https:///cb"), std::vector{F::kHost});
  EXPECT_EQ(flaws("https://[v1.x]/"), std::vector{F::kHost});
  EXPECT_EQ(flaws("ftp://a.example/"), std::vector{F::kScheme});
  EXPECT_EQ(flaws("/cb"), std::vector{F::kNotAbsolute});
  EXPECT_EQ(flaws("//a.example/cb"), std::vector{F::kNotAbsolute});
  EXPECT_EQ(flaws("a.example/cb"), std::vector{F::kNotAbsolute});
  EXPECT_EQ(flaws("myapp:cb"), std::vector{F::kNotAbsolute});
  EXPECT_EQ(flaws(""), std::vector{F::kNotAbsolute});
  EXPECT_EQ(flaws("https://a.example/" + std::string(494, 'a')), std::vector{F::kTooLong});
  EXPECT_TRUE(flaws("https://a.example/" + std::string(493, 'a')).empty());  // 511 long
}

TEST(Uri, AFlawedUriStillShowsItsParts) {
  auto r = Uri::check("http://a.example:abc/cb?x#y");
  ASSERT_TRUE(r.parts);
  EXPECT_EQ(r.parts->scheme, "http");
  EXPECT_EQ(r.parts->host, "a.example");
  EXPECT_TRUE(r.parts->query);
  EXPECT_TRUE(r.has(UriFlaw::kPort));
  EXPECT_TRUE(r.has(UriFlaw::kFragment));
  auto spaced = Uri::check("http://a.example/c b?x");
  ASSERT_TRUE(spaced.parts);
  EXPECT_TRUE(spaced.parts->query);
}

TEST(Uri, WildcardPortOnlyWhenAskedAndOnlyAsThePort) {
  auto u = Uri::parse("http://localhost:*/cb", {.wildcard_port = true});
  ASSERT_TRUE(u);
  EXPECT_TRUE(u->wildcard_port());
  EXPECT_EQ(u->str(), "http://localhost:*/cb");
  EXPECT_FALSE(Uri::parse("http://localhost:*/cb"));
  EXPECT_FALSE(Uri::parse("http://localhost:*1/cb", {.wildcard_port = true}));
  EXPECT_FALSE(Uri::parse("http://a:*@localhost/cb", {.wildcard_port = true}));
  auto in_path = Uri::parse("http://localhost:80/:*", {.wildcard_port = true});
  ASSERT_TRUE(in_path);
  EXPECT_FALSE(in_path->wildcard_port());
}

TEST(LocalTarget, AllowListGrammar) {
  for (const char* ok : {"/", "/account/apps", "/portal/apps/3?tab=keys",
                         "/v2/auth/authorize/?client_key=a&redirect_uri=https%3A%2F%2Fa.example%2F",
                         "/a-b._~!$&()*+,;=:@/c?x=/y?z", "/p%20q"}) {
    EXPECT_TRUE(is_local_target(ok)) << ok;
  }
  for (const char* bad : {"",
                          "account",
                          "//evil.example",
                          "/\\evil.example",
                          "/\t/evil.example",
                          "/%09/evil",
                          "/%2F/evil.example",
                          "/%2f/evil",
                          "/%5C/evil",
                          "/a//b",
                          "/.//evil.example",
                          "/ /evil",
                          "/\n/evil",
                          "/\r\nSet-Cookie: x=y",
                          "/a#frag",
                          "/a'b",
                          "/a\"b",
                          "/a<b",
                          "/a%zz",
                          "https://evil.example/",
                          "/\xc3\xa9",
                          "/\\/evil"}) {
    EXPECT_FALSE(is_local_target(bad)) << bad;
  }
  EXPECT_FALSE(is_local_target("/" + std::string(kMaxLocalTargetLength, 'a')));
}

}  // namespace
}  // namespace loginkit
