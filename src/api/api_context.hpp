#pragma once
// What endpoint adapters share, wired once at start.
#include "core/config.hpp"
#include "core/rate_limiter.hpp"
#include "oauth/context.hpp"
#include "oauth/grants/grant_handler.hpp"

namespace loginkit {

class AdjustableClock;

struct ApiContext {
  OAuthContext oauth;
  GrantRegistry v2_grants;
  const Config& config;
  AdjustableClock* test_clock = nullptr;  // only under --test-clock
  // Every limiter counts on the monotonic clock (never the test clock) and tracks at most
  // limits.tracked_keys keys.
  std::size_t tracked_keys = static_cast<std::size_t>(config.limits.tracked_keys);
  // Failed page sign-ins (end users and developers), per account and per client address.
  RateLimiter signin_by_account{config.limits.signin_per_account,
                                config.limits.signin_window_seconds, MonotonicClock::steady(),
                                tracked_keys};
  RateLimiter signin_by_address{config.limits.signin_per_address,
                                config.limits.signin_window_seconds, MonotonicClock::steady(),
                                tracked_keys};
  // Request rate limits: per authenticated client on token and revoke, per access token on user
  // info; failed client authentications per (client key, source address).
  RateLimiter token_limit{config.limits.token_per_client, config.limits.window_seconds,
                          MonotonicClock::steady(), tracked_keys};
  RateLimiter revoke_limit{config.limits.revoke_per_client, config.limits.window_seconds,
                           MonotonicClock::steady(), tracked_keys};
  RateLimiter userinfo_limit{config.limits.userinfo_per_token, config.limits.window_seconds,
                             MonotonicClock::steady(), tracked_keys};
  RateLimiter wrong_secret_limit{config.limits.wrong_secret_per_client_address,
                                 config.limits.window_seconds, MonotonicClock::steady(),
                                 tracked_keys};
  // Wrong admin bearer tokens per source address.
  RateLimiter admin_failures{config.limits.admin_token_failures,
                             config.limits.admin_token_window_seconds, MonotonicClock::steady(),
                             tracked_keys};
};

}  // namespace loginkit
