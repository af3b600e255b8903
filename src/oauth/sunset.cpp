#include "oauth/sunset.hpp"

#include <array>
#include <ctime>

namespace loginkit {
namespace {

struct V1Rule {
  const char* id;
  std::int64_t SunsetConfig::*date;
  bool web_only;        // applies to web flows only
  bool by_app_created;  // compares the app's creation date instead of now
  const char* why;
  const char* instead;
};

// SPEC §5, in the order they are checked.
constexpr std::array kV1Rules = {
    V1Rule{"v2-for-new-apps", &SunsetConfig::v2_for_new_apps, false, true,
           "Apps created on or after {date} cannot use the v1 API.",
           "Use /v2/auth/authorize/ and /v2/oauth/token/."},
    V1Rule{"v1-web-end-of-life", &SunsetConfig::v1_web_end_of_life, true, false,
           "The v1 API reached end of life for web apps on {date}.",
           "Register a web redirect URI and use /v2/auth/authorize/ and /v2/oauth/token/; "
           "Android and iOS flows may keep using v1."},
};

std::string fill(std::string text, const std::string& date) {
  auto pos = text.find("{date}");
  if (pos != std::string::npos) text.replace(pos, 6, date);
  return text;
}

}  // namespace

std::optional<PolicyRefusal> v1_refusal(const SunsetConfig& cfg, UnixSeconds now,
                                        UnixSeconds app_created, Platform platform) {
  for (const auto& rule : kV1Rules) {
    if (rule.web_only && platform != Platform::kWeb) continue;
    UnixSeconds when = rule.by_app_created ? app_created : now;
    if (when < cfg.*rule.date) continue;
    return PolicyRefusal{rule.id, fill(rule.why, format_date(cfg.*rule.date)) + " " + rule.instead};
  }
  return std::nullopt;
}

std::optional<PolicyRefusal> v1_app_refusal(const SunsetConfig& cfg, UnixSeconds now,
                                            UnixSeconds app_created) {
  for (const auto& rule : kV1Rules) {
    if (!rule.by_app_created || app_created < cfg.*rule.date) continue;
    return PolicyRefusal{rule.id, fill(rule.why, format_date(cfg.*rule.date)) + " " + rule.instead};
  }
  return std::nullopt;
}

std::optional<PolicyRefusal> domain_change_refusal(const SunsetConfig& cfg, UnixSeconds now,
                                                   DomainChange change) {
  if (change == DomainChange::kRemove || now < cfg.domain_freeze) return std::nullopt;
  return PolicyRefusal{"legacy-domain-freeze",
                       "Legacy redirect domains can no longer be added or changed since " +
                           format_date(cfg.domain_freeze) +
                           " (removing one is still allowed). Register a web redirect URI for "
                           "the v2 API instead."};
}

std::string format_date(UnixSeconds t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

std::string format_time(UnixSeconds t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return buf;
}

std::optional<UnixSeconds> parse_date(const std::string& s) {
  std::tm tm{};
  if (s.size() != 10 || !strptime(s.c_str(), "%Y-%m-%d", &tm)) return std::nullopt;
  auto t = static_cast<UnixSeconds>(timegm(&tm));
  // timegm normalises 2024-02-30 to 2024-03-01: a date that does not exist is refused.
  if (format_date(t) != s) return std::nullopt;
  return t;
}

}  // namespace loginkit
