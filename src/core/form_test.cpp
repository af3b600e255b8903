#include "core/form.hpp"

#include <gtest/gtest.h>

namespace loginkit {
namespace {

TEST(Form, DecodesPlusAndPercent) {
  auto p = parse_form("a=1+2&b=%2Fx%3D&c&d=");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->get_or("a"), "1 2");
  EXPECT_EQ(p->get_or("b"), "/x=");
  EXPECT_TRUE(p->has("c"));
  EXPECT_EQ(p->get_or("d", "x"), "");
}

TEST(Form, RejectsMalformedPercentEncoding) {
  EXPECT_FALSE(parse_form("a=%4"));
  EXPECT_FALSE(parse_form("a=%zz"));
  EXPECT_FALSE(parse_form("a=%"));
}

TEST(Form, EncodeRoundTripsEveryByte) {
  std::string all;
  for (int c = 0; c < 256; ++c) all.push_back(static_cast<char>(c));
  auto p = parse_form(encode_form({{"state", all}}));
  ASSERT_TRUE(p);
  EXPECT_EQ(p->get_or("state"), all);
}

TEST(Form, CookieValue) {
  EXPECT_EQ(cookie_value("a=1; lk_session=xyz; b=2", "lk_session").value_or(""), "xyz");
  EXPECT_FALSE(cookie_value("a=1", "lk_session"));
}

}  // namespace
}  // namespace loginkit
