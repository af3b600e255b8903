#include "oauth/migration_report.hpp"

#include <algorithm>

namespace loginkit {
namespace {

constexpr UnixSeconds kDay = 86400;

UnixSeconds day_of(UnixSeconds t) {
  return t - t % kDay;
}

std::vector<std::string> platforms_of(const App& app) {
  std::vector<std::string> out;
  auto has = [&](Platform p) {
    return std::any_of(app.redirect_uris.begin(), app.redirect_uris.end(),
                       [&](const RedirectUri& r) { return r.platform == p; });
  };
  if (app.web_enabled || has(Platform::kWeb) || !app.legacy_domains.empty()) out.push_back("web");
  for (Platform p : {Platform::kDesktop, Platform::kAndroid, Platform::kIos}) {
    if (has(p)) out.emplace_back(platform_name(p));
  }
  return out;
}

// Status (SPEC §5 and the seed's banner): an app is at risk while its web users still depend on
// v1 before end of life, or when web is on with no redirect URI (v2 cannot succeed for it);
// it is cut off when, after end of life, its web v1 calls are being refused.
void classify(MigrationRow& row, const SunsetConfig& sunset, UnixSeconds now) {
  bool after_eol = now >= sunset.v1_web_end_of_life;
  if (row.web_enabled && row.redirect_uri_count == 0) {
    row.status = after_eol && row.v1_refused_30d > 0 ? "cut off" : "at risk";
    row.reason = "Web is enabled but no redirect URI is registered: v2 web sign-in cannot succeed.";
  } else if (after_eol && row.v1_refused_30d > 0) {
    row.status = "cut off";
    row.reason = "Still calling the retired v1 web API; those calls are refused.";
  } else if (!after_eol && row.v1_web_accepted_30d > 0) {
    row.status = "at risk";
    row.reason = "Web users still sign in through v1, which ends on the end-of-life date.";
  } else {
    row.status = "migrated";
  }
}

}  // namespace

std::vector<MigrationRow> migration_report(const std::vector<App>& apps,
                                           const std::vector<V1CallCount>& calls,
                                           const SunsetConfig& sunset, UnixSeconds now) {
  std::vector<MigrationRow> rows;
  UnixSeconds since7 = day_of(now) - 6 * kDay, since30 = day_of(now) - 29 * kDay;
  for (const auto& app : apps) {
    MigrationRow row;
    row.client_key = app.client_key;
    row.name = app.name;
    row.platforms = platforms_of(app);
    row.web_enabled = app.web_enabled;
    row.redirect_uri_count = static_cast<std::size_t>(
        std::count_if(app.redirect_uris.begin(), app.redirect_uris.end(),
                      [](const RedirectUri& r) { return r.platform == Platform::kWeb; }));
    row.legacy_domains = app.legacy_domains;
    for (const auto& c : calls) {
      if (c.app_id != app.id || c.day < since30) continue;
      row.v1_calls_30d += c.count;
      if (c.day >= since7) row.v1_calls_7d += c.count;
      if (c.outcome == "refused") row.v1_refused_30d += c.count;
      if (c.outcome == "accepted" && c.platform == "web") row.v1_web_accepted_30d += c.count;
    }
    classify(row, sunset, now);
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<DailyV1> daily_v1_calls(Id app_id, const std::vector<V1CallCount>& calls,
                                    UnixSeconds now, int days) {
  std::vector<DailyV1> out;
  out.reserve(static_cast<std::size_t>(days));
  UnixSeconds first = day_of(now) - (days - 1) * kDay;
  for (int i = 0; i < days; ++i) out.push_back({first + i * kDay, 0, 0});
  for (const auto& c : calls) {
    if (c.app_id != app_id || c.day < first || c.day > day_of(now)) continue;
    auto& d = out[static_cast<std::size_t>((c.day - first) / kDay)];
    if (c.outcome == "accepted") d.accepted += c.count;
    if (c.outcome == "refused") d.refused += c.count;
  }
  return out;
}

}  // namespace loginkit
