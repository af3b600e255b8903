#include "oauth/dialects/v1_request.hpp"

#include <gtest/gtest.h>

namespace loginkit {
namespace {

TEST(V1Request, ParamsFromQueryThenFormBody) {
  auto p = read_v1_params("client_key=k&code=c", std::nullopt, "client_secret=s&code=other");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->get_or("client_key"), "k");
  EXPECT_EQ(p->get_or("client_secret"), "s");
  EXPECT_EQ(p->get_or("code"), "c");  // the query comes first
  auto form = read_v1_params("", "application/x-www-form-urlencoded; charset=utf-8", "code=x");
  ASSERT_TRUE(form);
  EXPECT_EQ(form->get_or("code"), "x");
}

TEST(V1Request, BodyOfAnotherTypeIsIgnoredAndBadEncodingIsAnError) {
  auto p = read_v1_params("code=c", "application/json", "{\"code\":\"x\"}");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->items().size(), 1u);
  EXPECT_FALSE(read_v1_params("code=%zz", std::nullopt, ""));
  EXPECT_FALSE(read_v1_params("code=c", std::nullopt, "a=%4"));
}

TEST(V1Request, UserInfoFromQuery) {
  auto in = read_v1_user_info("access_token=act.q&open_id=o&fields=open_id,display_name", "");
  ASSERT_TRUE(in);
  EXPECT_EQ(in->access_token, "act.q");
  EXPECT_EQ(in->open_id, std::optional<std::string>("o"));
  EXPECT_EQ(in->fields, (std::vector<std::string>{"display_name", "open_id"}));
}

TEST(V1Request, UserInfoJsonBodyOverridesTheQueryWithItsStrings) {
  auto in = read_v1_user_info("access_token=act.q&fields=open_id",
                              R"({"access_token":"act.b","open_id":7,"fields":["union_id",3]})");
  ASSERT_TRUE(in);
  EXPECT_EQ(in->access_token, "act.b");
  EXPECT_FALSE(in->open_id);  // not a string: left as the query had it (absent)
  EXPECT_EQ(in->fields, (std::vector<std::string>{"open_id", "union_id"}));
}

TEST(V1Request, UserInfoRefusesNonObjectsAndBadQueries) {
  EXPECT_FALSE(read_v1_user_info("", "[1,2]"));
  EXPECT_FALSE(read_v1_user_info("", "access_token=act.x"));
  EXPECT_FALSE(read_v1_user_info("a=%zz", ""));
  V1UserInfoRequest in;
  EXPECT_TRUE(read_v1_user_info_body("{}", in));
  EXPECT_TRUE(in.access_token.empty());
}

}  // namespace
}  // namespace loginkit
