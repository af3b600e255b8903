#pragma once
// What endpoint adapters share, wired once at start.
#include <memory>

#include "core/config.hpp"
#include "core/rate_limiter.hpp"
#include "oauth/context.hpp"

namespace loginkit {

class AdjustableClock;
class SandboxHooks;

// The request rate limiters. They outlive any one configuration: a reload hands them new limits
// through apply() and every key keeps its count.
struct ApiLimiters {
  explicit ApiLimiters(const LimitsConfig& limits)
      : signin_by_account(limiter(limits, limits.signin_per_account, limits.signin_window_seconds)),
        signin_by_address(limiter(limits, limits.signin_per_address, limits.signin_window_seconds)),
        token_limit(limiter(limits, limits.token_per_client, limits.window_seconds)),
        revoke_limit(limiter(limits, limits.revoke_per_client, limits.window_seconds)),
        userinfo_limit(limiter(limits, limits.userinfo_per_token, limits.window_seconds)),
        wrong_secret_limit(
            limiter(limits, limits.wrong_secret_per_client_address, limits.window_seconds)),
        admin_failures(
            limiter(limits, limits.admin_token_failures, limits.admin_token_window_seconds)) {}

  // New limits and windows; tracked_keys is fixed at start (the tables are sized once).
  void apply(const LimitsConfig& limits) {
    signin_by_account.reconfigure(limits.signin_per_account, limits.signin_window_seconds);
    signin_by_address.reconfigure(limits.signin_per_address, limits.signin_window_seconds);
    token_limit.reconfigure(limits.token_per_client, limits.window_seconds);
    revoke_limit.reconfigure(limits.revoke_per_client, limits.window_seconds);
    userinfo_limit.reconfigure(limits.userinfo_per_token, limits.window_seconds);
    wrong_secret_limit.reconfigure(limits.wrong_secret_per_client_address, limits.window_seconds);
    admin_failures.reconfigure(limits.admin_token_failures, limits.admin_token_window_seconds);
  }

  // Failed page sign-ins (end users and developers), per account and per client address.
  RateLimiter signin_by_account;
  RateLimiter signin_by_address;
  // Request rate limits: per authenticated client on token and revoke, per access token on user
  // info; failed client authentications per (client key, source address).
  RateLimiter token_limit;
  RateLimiter revoke_limit;
  RateLimiter userinfo_limit;
  RateLimiter wrong_secret_limit;
  // Wrong admin bearer tokens per source address.
  RateLimiter admin_failures;

 private:
  // Every limiter counts on the monotonic clock (never the test clock) and tracks at most
  // limits.tracked_keys keys. Returned as a prvalue: a RateLimiter cannot move (its locks).
  static RateLimiter limiter(const LimitsConfig& limits, std::int64_t limit,
                             std::int64_t window_seconds) {
    return RateLimiter(limit, window_seconds, MonotonicClock::steady(),
                       static_cast<std::size_t>(limits.tracked_keys));
  }
};

// One configuration's view for the endpoints. The server builds one per configuration it loads
// (start, then each reload) and a request keeps the one it started with, so it sees one
// consistent configuration even while a reload swaps in the next.
struct ApiContext {
  OAuthContext oauth;
  const Config& config;
  AdjustableClock* test_clock = nullptr;  // only under --test-clock
  // Shared by every configuration of one server (counts survive a reload); a context built
  // alone gets its own.
  std::shared_ptr<ApiLimiters> limiters = std::make_shared<ApiLimiters>(config.limits);
  SandboxHooks* sandbox = nullptr;  // only under `loginkit sandbox` (api/sandbox_hooks.hpp)
  RateLimiter& signin_by_account = limiters->signin_by_account;
  RateLimiter& signin_by_address = limiters->signin_by_address;
  RateLimiter& token_limit = limiters->token_limit;
  RateLimiter& revoke_limit = limiters->revoke_limit;
  RateLimiter& userinfo_limit = limiters->userinfo_limit;
  RateLimiter& wrong_secret_limit = limiters->wrong_secret_limit;
  RateLimiter& admin_failures = limiters->admin_failures;
};

}  // namespace loginkit
