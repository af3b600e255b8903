#include "oauth/services/accounts.hpp"

#include "core/crypto.hpp"
#include "core/password.hpp"
#include "core/utf8.hpp"

namespace loginkit::services {
namespace {

constexpr const char* kDefaultAdminEmail = "admin@loginkit.local";
constexpr AccountCreated kTaken{0, true};

SigninCheck check_password(const std::optional<std::string>& stored_hash, Id account_id,
                           const std::string& password) {
  auto ok = password::verify_bounded(stored_hash ? *stored_hash : password::dummy_hash(), password,
                                     kSigninHashWait);
  if (!ok) return {SigninVerdict::kBusy, 0};
  if (!*ok || !stored_hash) return {SigninVerdict::kRejected, 0};
  return {SigninVerdict::kAccepted, account_id};
}

}  // namespace

AccountCreated create_user(OAuthContext& ctx, User u, const std::string& password) {
  if (ctx.store.users().find_user_by_name(u.username)) return kTaken;
  u.id = 0;
  u.password_hash = password::hash(password);
  if (u.display_name.empty()) u.display_name = u.username;
  u.created_at = ctx.clock.now();
  try {
    return {ctx.store.users().create_user(u), false};
  } catch (const DuplicateKey&) {
    return kTaken;
  }
}

AccountCreated create_developer(OAuthContext& ctx, const NewDeveloper& developer) {
  if (ctx.store.developers().find_developer_by_email(developer.email)) return kTaken;
  try {
    return {ctx.store.developers().create_developer(Developer{0, developer.email, developer.name,
                                                              password::hash(developer.password),
                                                              ctx.clock.now()}),
            false};
  } catch (const DuplicateKey&) {
    return kTaken;
  }
}

std::optional<std::string> developer_signup_problem(const NewDeveloper& d) {
  if (d.email.find('@') == std::string::npos || d.email.size() > 254 ||
      !is_printable_utf8(d.email)) {
    return "Enter a valid email address.";
  }
  if (d.name.empty() || d.name.size() > 100 || !is_printable_utf8(d.name)) {
    return "Enter your name (up to 100 characters).";
  }
  if (d.password.size() < 8 || d.password.size() > 1024) {
    return "Choose a password of 8 characters or more.";
  }
  return std::nullopt;
}

Id admin_developer(OAuthContext& ctx, const std::string& email) {
  std::string wanted = email.empty() ? kDefaultAdminEmail : email;
  if (auto d = ctx.store.developers().find_developer_by_email(wanted)) return d->id;
  if (!email.empty()) return 0;
  // Several nodes may create the default developer at once: the loser finds the winner's row.
  try {
    return ctx.store.developers().create_developer(Developer{
        0, wanted, "Administrator", password::hash(crypto::random_token("")), ctx.clock.now()});
  } catch (const DuplicateKey&) {
    if (auto d = ctx.store.developers().find_developer_by_email(wanted)) return d->id;
    throw;
  }
}

std::optional<Developer> find_developer(OAuthContext& ctx, Id id) {
  return ctx.store.developers().find_developer(id);
}

std::optional<User> find_user(OAuthContext& ctx, Id id) {
  return ctx.store.users().find_user(id);
}

SigninCheck check_user_signin(OAuthContext& ctx, const std::string& username,
                              const std::string& password) {
  auto user = ctx.store.users().find_user_by_name(username);
  return check_password(user ? std::optional(user->password_hash) : std::nullopt,
                        user ? user->id : 0, password);
}

SigninCheck check_developer_signin(OAuthContext& ctx, const std::string& email,
                                   const std::string& password) {
  auto dev = ctx.store.developers().find_developer_by_email(email);
  return check_password(dev ? std::optional(dev->password_hash) : std::nullopt, dev ? dev->id : 0,
                        password);
}

}  // namespace loginkit::services
