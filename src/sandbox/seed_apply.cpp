#include "sandbox/seed_apply.hpp"

#include "oauth/app_registry.hpp"
#include "oauth/services/accounts.hpp"

namespace loginkit::sandbox {
namespace {

constexpr const char* kActor = "sandbox-seed";

std::string app_label(const SeedApp& app) {
  return "app \"" + app.name + "\": ";
}

// The consent is checked against the store, not only the file: a Seed built in code (tests,
// default_seed) never went through parse_seed.
std::vector<std::string> consent_problems(OAuthContext& ctx, const SeedApp& app,
                                          const HeadlessConsent& consent) {
  std::vector<std::string> out;
  if (!ctx.store.users().find_user_by_name(consent.username)) {
    out.push_back(app_label(app) + "consent names user \"" + consent.username +
                  "\", who is not seeded");
  }
  // The registry always grants user.info.basic (SPEC §1), so consent may name it too.
  ScopeList allowed = scope_union(app.scopes, ScopeList{std::string(kBasicScope)});
  for (const auto& s : consent.scopes) {
    if (!contains(allowed, s)) {
      out.push_back(app_label(app) + "consent scope " + s + " is not among the app's scopes");
    }
  }
  return out;
}

HeadlessConsent normalized(HeadlessConsent consent) {
  consent.scopes = parse_scopes(join_scopes(consent.scopes));  // sorted, unique
  return consent;
}

NewApp to_new_app(const SeedApp& a, Id developer_id) {
  NewApp spec = static_cast<const NewApp&>(a);
  spec.developer_id = developer_id;
  return spec;
}

}  // namespace

SeedResult apply_seed(OAuthContext& ctx, const Seed& seed) {
  const auto& d = seed.developer;
  if (auto why = services::developer_signup_problem({d.email, d.name, d.password})) {
    throw SeedError({"developer " + d.email + ": " + *why});
  }
  auto developer = services::create_developer(ctx, {d.email, d.name, d.password});
  if (developer.taken) throw SeedError({"developer " + d.email + ": that email is taken"});

  SeedResult result;
  result.developer = d;
  std::vector<std::string> problems;
  for (const auto& u : seed.users) {
    // services::create_user hashes the password (Argon2id) and names an unnamed user after
    // their username, as every other way of creating a user does.
    if (services::create_user(ctx, static_cast<const User&>(u), u.password).taken) {
      problems.push_back("user \"" + u.username + "\": that username is taken");
    } else {
      result.usernames.push_back(u.username);
    }
  }
  for (const auto& a : seed.apps) {
    auto consent = a.consent ? consent_problems(ctx, a, *a.consent) : std::vector<std::string>{};
    problems.insert(problems.end(), consent.begin(), consent.end());
    auto out = create_app(ctx, kActor, to_new_app(a, developer.id));
    for (const auto& m : out.messages) problems.push_back(app_label(a) + m);
    if (!out.ok()) continue;
    SeededApp seeded{out.app.id,        out.app.name, out.app.client_key,
                     out.client_secret, std::nullopt, out.app.redirect_uris};
    if (a.consent) seeded.consent = normalized(*a.consent);
    result.apps.push_back(std::move(seeded));
  }
  if (!problems.empty()) throw SeedError(std::move(problems));
  return result;
}

}  // namespace loginkit::sandbox
