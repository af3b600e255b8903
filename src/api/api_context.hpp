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
  // Failed page sign-ins (end users and developers), per account and per client address.
  RateLimiter signin_by_account =
      limiter(config.limits.signin_per_account, config.limits.signin_window_seconds);
  RateLimiter signin_by_address =
      limiter(config.limits.signin_per_address, config.limits.signin_window_seconds);
  // Request rate limits: per authenticated client on token and revoke, per access token on user
  // info; failed client authentications per (client key, source address).
  RateLimiter token_limit = limiter(config.limits.token_per_client, config.limits.window_seconds);
  RateLimiter revoke_limit = limiter(config.limits.revoke_per_client, config.limits.window_seconds);
  RateLimiter userinfo_limit =
      limiter(config.limits.userinfo_per_token, config.limits.window_seconds);
  RateLimiter wrong_secret_limit =
      limiter(config.limits.wrong_secret_per_client_address, config.limits.window_seconds);
  // Wrong admin bearer tokens per source address.
  RateLimiter admin_failures =
      limiter(config.limits.admin_token_failures, config.limits.admin_token_window_seconds);

 private:
  // Every limiter counts on the monotonic clock (never the test clock) and tracks at most
  // limits.tracked_keys keys. Returned as a prvalue: a RateLimiter cannot move (its locks).
  RateLimiter limiter(std::int64_t limit, std::int64_t window_seconds) const {
    return RateLimiter(limit, window_seconds, MonotonicClock::steady(),
                       static_cast<std::size_t>(config.limits.tracked_keys));
  }
};

}  // namespace loginkit
