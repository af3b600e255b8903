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
  // Failed page sign-ins, per account and per client address.
  RateLimiter signin_by_account{10, 300};
  RateLimiter signin_by_address{50, 300};
  // Request rate limits (issue 7): per client key on token and revoke, per access token on
  // user info.
  RateLimiter token_limit{config.limits.token_per_client, config.limits.window_seconds};
  RateLimiter revoke_limit{config.limits.revoke_per_client, config.limits.window_seconds};
  RateLimiter userinfo_limit{config.limits.userinfo_per_token, config.limits.window_seconds};
};

}  // namespace loginkit
