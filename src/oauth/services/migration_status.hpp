#pragma once
// Where apps stand on the way from v1 to v2 (SPEC §5), read from storage at one moment: the
// report the admin API and CLI print, and the status and daily chart the portal shows.
#include <vector>

#include "oauth/context.hpp"
#include "oauth/migration_report.hpp"

namespace loginkit::services {

struct MigrationStatus {
  UnixSeconds generated_at = 0;    // the moment the rows describe
  std::vector<MigrationRow> rows;  // one per app, in the order given
};

// The report for `apps` over the last 30 days of v1 usage.
MigrationStatus migration_status(OAuthContext& ctx, const std::vector<App>& apps);

struct AppMigration {
  UnixSeconds generated_at = 0;
  MigrationRow row;
  std::vector<DailyV1> daily;  // the last `days` days, oldest first
};

AppMigration app_migration(OAuthContext& ctx, const App& app, int days = 30);

}  // namespace loginkit::services
