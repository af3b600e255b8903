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
};

}  // namespace loginkit
