#include "api/account/signin_throttle.hpp"

#include <algorithm>

#include "api/responses.hpp"
#include "core/password.hpp"

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

void record_signin_attempt(ApiContext& ctx, const Request& req) {
  ctx.signin_by_address.record(req.remote_address, ctx.oauth.clock.now());
}

void record_failed_signin(ApiContext& ctx, const Request& req, const std::string& account) {
  ctx.signin_by_account.record(account, ctx.oauth.clock.now());
}

std::variant<bool, Response> check_password(const Request& req, const std::string& stored_hash,
                                            std::string_view password) {
  auto ok = password::verify_bounded(stored_hash, password, std::chrono::milliseconds(2000));
  if (ok) return *ok;
  auto r = error_page(503, "Busy", "Too many sign-ins at once. Try again in a moment.", req.log_id);
  r.set("Retry-After", "1");
  return r;
}

}  // namespace loginkit::account
