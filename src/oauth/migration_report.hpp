#pragma once
// SPEC §5 migration visibility: per app, what it still does on v1 and whether it is migrated.
#include <string>
#include <vector>

#include "core/config.hpp"
#include "store/records.hpp"

namespace loginkit {

struct MigrationRow {
  std::string client_key;
  std::string name;
  std::vector<std::string> platforms;  // web, desktop, android, ios
  bool web_enabled = false;
  std::size_t redirect_uri_count = 0;  // web redirect URIs (what v2 web flows need)
  std::vector<std::string> legacy_domains;
  std::int64_t v1_calls_7d = 0;
  std::int64_t v1_calls_30d = 0;
  std::int64_t v1_refused_30d = 0;
  std::int64_t v1_web_accepted_30d = 0;
  std::string status;  // "migrated", "at risk" or "cut off"
  std::string reason;
};

// The day-by-day counts of one app over the last `days` days (oldest first), for charts.
struct DailyV1 {
  UnixSeconds day = 0;
  std::int64_t accepted = 0;
  std::int64_t refused = 0;
};

std::vector<MigrationRow> migration_report(const std::vector<App>& apps,
                                           const std::vector<V1CallCount>& calls,
                                           const SunsetConfig& sunset, UnixSeconds now);
std::vector<DailyV1> daily_v1_calls(Id app_id, const std::vector<V1CallCount>& calls,
                                    UnixSeconds now, int days);

}  // namespace loginkit
