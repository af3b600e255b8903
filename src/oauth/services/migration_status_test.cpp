#include "oauth/services/migration_status.hpp"

#include "oauth/services/service_test_fixture.hpp"

namespace loginkit::services {
namespace {

constexpr UnixSeconds kDay = 86400;
constexpr UnixSeconds kToday = 1'800'000'000 - 1'800'000'000 % kDay;  // after v1 end of life

class MigrationStatusTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    clock_.set(kToday + 3600);
    app_id_ = seed_app(seed_developer(), "lkapp");
  }
  void calls(UnixSeconds day, const std::string& outcome, std::int64_t count) {
    store().v1_usage().count_v1_call(
        V1CallCount{app_id_, day, "access_token", "web", outcome, count});
  }
  Id app_id_ = 0;
};

TEST_F(MigrationStatusTest, ReportCountsTheLastThirtyDaysAtOneMoment) {
  calls(kToday, "refused", 2);
  calls(kToday - 10 * kDay, "accepted", 5);
  calls(kToday - 40 * kDay, "accepted", 100);  // outside every window
  auto status = migration_status(ctx(), store().apps().list_apps());
  EXPECT_EQ(status.generated_at, kToday + 3600);
  ASSERT_EQ(status.rows.size(), 1u);
  const auto& row = status.rows.front();
  EXPECT_EQ(row.client_key, "lkapp");
  EXPECT_EQ(row.v1_calls_7d, 2);
  EXPECT_EQ(row.v1_calls_30d, 7);
  EXPECT_EQ(row.v1_refused_30d, 2);
  EXPECT_EQ(row.status, "cut off");
}

TEST_F(MigrationStatusTest, OneAppWithItsDailyChart) {
  calls(kToday, "refused", 2);
  calls(kToday - 2 * kDay, "accepted", 3);
  auto app = store().apps().find_app(app_id_);
  ASSERT_TRUE(app);
  auto m = app_migration(ctx(), *app, 30);
  EXPECT_EQ(m.generated_at, kToday + 3600);
  EXPECT_EQ(m.row.v1_calls_30d, 5);
  ASSERT_EQ(m.daily.size(), 30u);
  EXPECT_EQ(m.daily.back().day, kToday);
  EXPECT_EQ(m.daily.back().refused, 2);
  EXPECT_EQ(m.daily[27].accepted, 3);
}

}  // namespace
}  // namespace loginkit::services
