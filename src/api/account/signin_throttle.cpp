#include "api/account/signin_throttle.hpp"

#include "api/responses.hpp"

namespace loginkit::account {
namespace {

Response too_many(const Request& req, std::int64_t wait) {
  auto r = error_page(
      429, "Too many attempts",
      "Too many sign-in attempts. Try again in " + std::to_string(wait) + " seconds.", req.log_id);
  r.set("Retry-After", std::to_string(wait));
  return r;
}

}  // namespace

SigninAttempt::~SigninAttempt() {
  if (failed_) return;
  account_.release();
  address_.release();
}

std::variant<SigninAttempt, Response> admit_signin(ApiContext& ctx, const Request& req,
                                                   const std::string& account) {
  auto by_account = ctx.signin_by_account.acquire(account);
  if (!by_account.admitted()) return too_many(req, by_account.retry_after());
  auto by_address = ctx.signin_by_address.acquire(req.remote_address);
  if (!by_address.admitted()) {
    by_account.release();
    return too_many(req, by_address.retry_after());
  }
  return SigninAttempt(std::move(by_account), std::move(by_address));
}

Response busy_page(const Request& req) {
  auto r = error_page(503, "Busy", "Too many sign-ins at once. Try again in a moment.", req.log_id);
  r.set("Retry-After", "1");
  return r;
}

}  // namespace loginkit::account
