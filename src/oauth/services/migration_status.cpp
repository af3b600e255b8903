#include "oauth/services/migration_status.hpp"

namespace loginkit::services {
namespace {

// v1 usage read for a report: a day more than its widest window (30 days), so a window that
// starts at a UTC midnight is whole whatever the time of day.
constexpr UnixSeconds kUsageLookback = UnixSeconds{31} * 86400;

}  // namespace

MigrationStatus migration_status(OAuthContext& ctx, const std::vector<App>& apps) {
  UnixSeconds now = ctx.clock.now();
  auto calls = ctx.store.v1_usage().v1_calls_since(now - kUsageLookback);
  return MigrationStatus{now, migration_report(apps, calls, ctx.config.sunset, now)};
}

AppMigration app_migration(OAuthContext& ctx, const App& app, int days) {
  UnixSeconds now = ctx.clock.now();
  auto calls = ctx.store.v1_usage().v1_calls_since(now - kUsageLookback);
  return AppMigration{now, migration_report({app}, calls, ctx.config.sunset, now).front(),
                      daily_v1_calls(app.id, calls, now, days)};
}

}  // namespace loginkit::services
