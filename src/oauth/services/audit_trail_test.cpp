#include "oauth/services/audit_trail.hpp"

#include "oauth/services/service_test_fixture.hpp"

namespace loginkit::services {
namespace {

using AuditTrail = ServiceTest;

TEST_F(AuditTrail, NewestFirstLimitedToOneApp) {
  Id dev = seed_developer();
  Id one = seed_app(dev, "lkone"), two = seed_app(dev, "lktwo");
  clock_.set(1000);
  audit(ctx(), "admin", one, "app.created", "first");
  clock_.set(2000);
  audit(ctx(), "admin", two, "app.created", "other app");
  clock_.set(3000);
  audit(ctx(), "cli", one, "secret.rotated", "");
  clock_.set(4000);
  audit(ctx(), "developer:d@x", one, "scopes.changed", "user.info.basic");

  auto lines = audit_trail(ctx(), one, 2);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].action, "scopes.changed");
  EXPECT_EQ(lines[0].actor, "developer:d@x");
  EXPECT_EQ(lines[0].at, 4000);
  EXPECT_EQ(lines[1].action, "secret.rotated");
  EXPECT_EQ(audit_trail(ctx(), one, 10).size(), 3u);
  EXPECT_EQ(audit_trail(ctx(), two, 10).size(), 1u);
}

TEST_F(AuditTrail, NoAppMeansNoLines) {
  audit(ctx(), "admin", seed_app(seed_developer(), "lkone"), "app.created", "");
  EXPECT_TRUE(audit_trail(ctx(), 0, 10).empty());
}

}  // namespace
}  // namespace loginkit::services
