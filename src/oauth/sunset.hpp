#pragma once
// SPEC §5 sunset policy as data: each rule says when it starts, what it refuses and what to use
// instead. Pure: dates come from config, "now" from the injected clock.
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/config.hpp"
#include "store/records.hpp"

namespace loginkit {

struct PolicyRefusal {
  std::string rule;     // stable id, e.g. "v1-web-end-of-life"
  std::string message;  // why, and what to use instead
};

// Whether a v1 call (any endpoint) for an app created at `app_created` on a flow of `platform`
// is refused at `now`.
std::optional<PolicyRefusal> v1_refusal(const SunsetConfig& cfg, UnixSeconds now,
                                        UnixSeconds app_created, Platform platform);

// The rules that depend only on the app (not on a flow's platform), for calls made before the
// flow is known, e.g. a token request whose code cannot be found.
std::optional<PolicyRefusal> v1_app_refusal(const SunsetConfig& cfg, UnixSeconds now,
                                            UnixSeconds app_created);

enum class DomainChange { kAdd, kRemove };
// Legacy redirect domains are frozen after the freeze date: removal stays allowed.
std::optional<PolicyRefusal> domain_change_refusal(const SunsetConfig& cfg, UnixSeconds now,
                                                   DomainChange change);

std::string format_date(UnixSeconds t);                       // YYYY-MM-DD (UTC)
std::string format_time(UnixSeconds t);                       // YYYY-MM-DD HH:MM:SS (UTC)
std::optional<UnixSeconds> parse_date(const std::string& s);  // YYYY-MM-DD

}  // namespace loginkit
