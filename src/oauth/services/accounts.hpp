#pragma once
// End-user and developer accounts: creating them, checking a password at sign-in, and the
// developer the admin API files apps under. Passwords are Argon2id (DESIGN.md); nothing here
// tells whether an account exists by timing or by message.
#include <chrono>
#include <optional>
#include <string>

#include "oauth/context.hpp"

namespace loginkit::services {

struct NewDeveloper {
  std::string email;
  std::string name;
  std::string password;
};

// Either the new account's id, or taken: the name or email belongs to someone already (perhaps
// claimed a moment ago by a concurrent request on another node).
struct AccountCreated {
  Id id = 0;
  bool taken = false;
};

// A new end user as an operator describes it, with its plain password (stored hashed). Its id,
// password hash and creation time are set here; an empty display name becomes the username.
AccountCreated create_user(OAuthContext& ctx, User user, const std::string& password);
AccountCreated create_developer(OAuthContext& ctx, const NewDeveloper& developer);

// What the developer sign-up form refuses, as the sentence to show (nullopt = acceptable).
// An email already taken is not decided here but by create_developer.
std::optional<std::string> developer_signup_problem(const NewDeveloper& developer);

// The developer the admin API files an app under: the one with `email`, or for an empty email
// the default administrator developer, created on first use. 0 when `email` names nobody.
Id admin_developer(OAuthContext& ctx, const std::string& email);

std::optional<Developer> find_developer(OAuthContext& ctx, Id id);
std::optional<User> find_user(OAuthContext& ctx, Id id);

// A sign-in attempt's verdict. kBusy: too many passwords were being hashed to take this one in
// time; the caller answers "try again" and counts no failure.
enum class SigninVerdict { kAccepted, kRejected, kBusy };

struct SigninCheck {
  SigninVerdict verdict = SigninVerdict::kRejected;
  Id account_id = 0;  // set when accepted
};

// How long a sign-in waits for its turn to hash before it is answered kBusy.
inline constexpr std::chrono::milliseconds kSigninHashWait{2000};

// An unknown name is checked against a dummy hash, so it takes as long as a wrong password.
SigninCheck check_user_signin(OAuthContext& ctx, const std::string& username,
                              const std::string& password);
SigninCheck check_developer_signin(OAuthContext& ctx, const std::string& email,
                                   const std::string& password);

}  // namespace loginkit::services
