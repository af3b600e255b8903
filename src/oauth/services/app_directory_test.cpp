#include "oauth/services/app_directory.hpp"

#include "oauth/services/service_test_fixture.hpp"

namespace loginkit::services {
namespace {

using AppDirectory = ServiceTest;

TEST_F(AppDirectory, FindsAppsByClientKey) {
  Id dev = seed_developer();
  seed_app(dev, "lkone", "One");
  auto app = find_app(ctx(), "lkone");
  ASSERT_TRUE(app);
  EXPECT_EQ(app->name, "One");
  EXPECT_EQ(app->redirect_uris.size(), 1u);
  EXPECT_FALSE(find_app(ctx(), "lknone"));
}

TEST_F(AppDirectory, ListsEveryAppOrOneDevelopersApps) {
  Id mine = seed_developer("me@example.com");
  Id theirs = seed_developer("them@example.com");
  seed_app(mine, "lkmine1");
  seed_app(theirs, "lktheirs");
  seed_app(mine, "lkmine2");
  EXPECT_EQ(all_apps(ctx()).size(), 3u);
  auto own = developer_apps(ctx(), mine);
  ASSERT_EQ(own.size(), 2u);
  for (const auto& a : own) EXPECT_EQ(a.developer_id, mine);
}

TEST_F(AppDirectory, SomeoneElsesAppLooksMissing) {
  Id mine = seed_developer("me@example.com");
  Id theirs = seed_developer("them@example.com");
  seed_app(theirs, "lktheirs");
  seed_app(mine, "lkmine");
  EXPECT_TRUE(find_developer_app(ctx(), mine, "lkmine"));
  EXPECT_FALSE(find_developer_app(ctx(), mine, "lktheirs"));
  EXPECT_FALSE(find_developer_app(ctx(), mine, "lknone"));
}

}  // namespace
}  // namespace loginkit::services
