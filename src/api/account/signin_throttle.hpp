#pragma once
// Sign-in rate limiting shared by the end-user and developer sign-in pages: failed attempts per
// account and per client address.
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "api/api_context.hpp"
#include "api/http_types.hpp"

namespace loginkit::account {

// One admitted sign-in attempt: a slot reserved on the account's and the address's limits before
// the password is checked, so a parallel burst cannot outrun the count. Unless the password
// turns out wrong (failed()), the slots are given back when this goes away: a correct password,
// a busy server or an error never counts.
class SigninAttempt {
 public:
  SigninAttempt(RateLimiter::Reservation account, RateLimiter::Reservation address)
      : account_(std::move(account)), address_(std::move(address)) {}
  SigninAttempt(SigninAttempt&&) = default;
  SigninAttempt& operator=(SigninAttempt&&) = delete;
  ~SigninAttempt();
  // The password was wrong (or the account unknown): both slots stay counted.
  void failed() { failed_ = true; }

 private:
  RateLimiter::Reservation account_, address_;
  bool failed_ = false;
};

// Reserves the attempt, or a 429 page with Retry-After when `account` or the client's address has
// failed too often recently (nothing is hashed then).
std::variant<SigninAttempt, Response> admit_signin(ApiContext& ctx, const Request& req,
                                                   const std::string& account);
// The 503 page for a sign-in that found the server too busy hashing passwords to check it.
Response busy_page(const Request& req);
}  // namespace loginkit::account
