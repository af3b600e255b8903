#include "http/header_check.hpp"

#include <gtest/gtest.h>

using namespace loginkit::http;
using namespace std::string_literals;

TEST(HeaderCheck, OrdinaryHeadersPass) {
  EXPECT_TRUE(header_line_safe("Location", "https://a.example/cb?code=x&state=y"));
  EXPECT_TRUE(header_line_safe("Set-Cookie", "lk_session=abc; Path=/; HttpOnly; SameSite=Lax"));
  EXPECT_TRUE(header_line_safe("X-Empty", ""));
  EXPECT_TRUE(header_line_safe("Content-Type", "text/html;\tcharset=utf-8"));
}

TEST(HeaderCheck, LineBreaksAndNulInValuesAreRefused) {
  EXPECT_FALSE(header_line_safe("Location", "https://a.example/x\r\nSet-Cookie: a=b"));
  EXPECT_FALSE(header_line_safe("Location", "https://a.example/x\nSet-Cookie: a=b"));
  EXPECT_FALSE(header_line_safe("Location", "https://a.example/x\rSet-Cookie: a=b"));
  EXPECT_FALSE(header_line_safe("Location", "a\0b"s));
  EXPECT_FALSE(header_line_safe("Location", "\r"));
}

TEST(HeaderCheck, NamesMustBeTokens) {
  EXPECT_FALSE(header_line_safe("", "v"));
  EXPECT_FALSE(header_line_safe("X-A\r\nSet-Cookie", "v"));
  EXPECT_FALSE(header_line_safe("X-A\n", "v"));
  EXPECT_FALSE(header_line_safe("X\0A"s, "v"));
  EXPECT_FALSE(header_line_safe("X-A: b", "v"));
  EXPECT_FALSE(header_line_safe("X:A", "v"));
  EXPECT_TRUE(header_line_safe("X-Custom_1.2~", "v"));
}

TEST(HeaderCheck, FirstUnsafeHeaderNamesIt) {
  std::vector<std::pair<std::string, std::string>> ok{{"A", "1"}, {"B", "2"}};
  EXPECT_EQ(first_unsafe_header(ok), std::nullopt);
  auto bad = ok;
  bad.emplace_back("Location", "/x\r\nSet-Cookie: y=z");
  bad.emplace_back("C", "3");
  EXPECT_EQ(first_unsafe_header(bad), "Location");
}
