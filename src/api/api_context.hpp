#pragma once
// What endpoint adapters share, wired once at start.
#include "core/config.hpp"
#include "oauth/context.hpp"
#include "oauth/grants/grant_handler.hpp"

namespace loginkit {

class AdjustableClock;

struct ApiContext {
  OAuthContext oauth;
  GrantRegistry v2_grants;
  const Config& config;
  AdjustableClock* test_clock = nullptr;  // only under --test-clock
};

}  // namespace loginkit
