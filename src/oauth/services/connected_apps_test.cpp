#include "oauth/services/connected_apps.hpp"

#include "oauth/services/service_test_fixture.hpp"

namespace loginkit::services {
namespace {

class ConnectedAppsTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    user_ = seed_user("alice");
    app_ = seed_app(seed_developer(), "lkone", "One");
    store().grants().save_consent(
        Consent{user_, app_, parse_scopes("user.info.basic,video.list"), 0});
  }
  Id user_ = 0, app_ = 0;
};

TEST_F(ConnectedAppsTest, ListsConsentsWithAppNames) {
  auto shown = connected_apps(ctx(), user_);
  ASSERT_TRUE(shown.user);
  EXPECT_EQ(shown.user->username, "alice");
  ASSERT_EQ(shown.apps.size(), 1u);
  EXPECT_EQ(shown.apps[0].name, "One");
  EXPECT_EQ(shown.apps[0].client_key, "lkone");
  EXPECT_EQ(join_scopes(shown.apps[0].scopes), "user.info.basic,video.list");
  EXPECT_TRUE(connected_apps(ctx(), seed_user("bob")).apps.empty());
}

TEST_F(ConnectedAppsTest, DisconnectRevokesGrantsForgetsConsentAndIsAudited) {
  Grant g;
  g.app_id = app_;
  g.user_id = user_;
  g.scopes = parse_scopes("user.info.basic");
  Id grant = store().grants().create_grant_with_code(
      g, AuthCode{"code-hash", 0, "https://lkone.example/cb", "", clock_.now() + 600, false});

  EXPECT_TRUE(disconnect_app(ctx(), user_, "lkone"));
  EXPECT_TRUE(connected_apps(ctx(), user_).apps.empty());
  auto stored = store().grants().find_grant(grant);
  ASSERT_TRUE(stored);
  EXPECT_TRUE(stored->revoked);
  auto trail = store().audit().list_audit(app_, 10);
  ASSERT_EQ(trail.size(), 1u);
  EXPECT_EQ(trail[0].actor, "user:" + std::to_string(user_));
  EXPECT_EQ(trail[0].action, "grant.disconnected");
  EXPECT_EQ(trail[0].detail, "user " + std::to_string(user_) + " via connected apps");
}

TEST_F(ConnectedAppsTest, UnknownClientKeyChangesNothing) {
  EXPECT_FALSE(disconnect_app(ctx(), user_, "lknone"));
  EXPECT_EQ(connected_apps(ctx(), user_).apps.size(), 1u);
  EXPECT_TRUE(store().audit().list_audit(0, 10).empty());
}

}  // namespace
}  // namespace loginkit::services
