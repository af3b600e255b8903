#include "api/account/signin_throttle.hpp"

#include <algorithm>

#include "api/responses.hpp"

namespace loginkit::account {

std::optional<Response> throttled(ApiContext& ctx, const Request& req, const std::string& account) {
  UnixSeconds now = ctx.oauth.clock.now();
  auto wait = std::max(ctx.signin_by_account.retry_after(account, now),
                       ctx.signin_by_address.retry_after(req.remote_address, now));
  if (wait == 0) return std::nullopt;
  auto r = error_page(
      429, "Too many attempts",
      "Too many sign-in attempts. Try again in " + std::to_string(wait) + " seconds.", req.log_id);
  r.set("Retry-After", std::to_string(wait));
  return r;
}

void record_failed_signin(ApiContext& ctx, const Request& req, const std::string& account) {
  UnixSeconds now = ctx.oauth.clock.now();
  ctx.signin_by_account.record(account, now);
  ctx.signin_by_address.record(req.remote_address, now);
}

}  // namespace loginkit::account
