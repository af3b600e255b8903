#include "oauth/app_registry.hpp"

#include <algorithm>
#include <chrono>
#include <functional>
#include <random>
#include <thread>

#include "core/crypto.hpp"
#include "core/suspend.hpp"
#include "core/utf8.hpp"
#include "oauth/legacy_redirect.hpp"
#include "oauth/redirect_uri.hpp"
#include "oauth/sunset.hpp"

namespace loginkit {
namespace {

RegistryOutcome failure(std::string error, std::vector<std::string> messages) {
  RegistryOutcome out;
  out.error = std::move(error);
  out.messages = std::move(messages);
  return out;
}

std::vector<std::string> scope_problems(const ScopeList& scopes) {
  std::vector<std::string> out;
  for (const auto& s : scopes) {
    if (!is_known_scope(s)) out.push_back("Unknown scope: " + s + ".");
  }
  return out;
}

// user.info.basic is always approved (SPEC §1).
ScopeList with_basic(const ScopeList& scopes) {
  return scope_union(scopes, ScopeList{std::string(kBasicScope)});
}

// One verb's change, decided against the app as it is now: a refusal, or the edit made to `app`
// and the audit line that describes it (no action = nothing to save).
struct Edit {
  RegistryOutcome refusal;
  std::string action;
  std::string detail;
};

Edit refused(std::string error, std::vector<std::string> messages) {
  return Edit{failure(std::move(error), std::move(messages)), {}, {}};
}

Edit edited(std::string action, std::string detail) {
  return Edit{{}, std::move(action), std::move(detail)};
}

// Tries before giving up when other writers keep winning the compare-and-set; each retry costs
// one read and one update, and a real conflict is a human clicking twice.
constexpr int kAttempts = 10;

// Before retry n, a random pause of up to 2^n ms (at most 64): writers that collided spread out
// instead of colliding again in lock step. The pause parks the request's fiber (run_blocking),
// never the event-loop thread other connections share.
void back_off(int attempt) {
  thread_local std::minstd_rand rng{std::random_device{}()};
  int ceiling = 1 << std::min(attempt, 6);
  auto pause =
      std::chrono::microseconds(std::uniform_int_distribution<int>(0, ceiling * 1000)(rng));
  run_blocking([pause] { std::this_thread::sleep_for(pause); });
}

// Every verb goes through here: the change is applied to the app the caller read; if the row
// moved on meanwhile (update_app's compare-and-set fails) it is re-read and the change decided
// again, rules included, so an acknowledged change is never written over by a stale copy.
RegistryOutcome apply(OAuthContext& ctx, const std::string& actor, App app,
                      const std::function<Edit(App&)>& change) {
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    if (attempt > 0) {
      back_off(attempt);
      auto fresh = ctx.store.apps().find_app(app.id);
      if (!fresh) return failure("not_found", {"That app no longer exists."});
      app = std::move(*fresh);
    }
    App next = app;
    Edit e = change(next);
    if (!e.refusal.ok()) return std::move(e.refusal);
    RegistryOutcome out;
    if (e.action.empty()) {
      out.app = std::move(next);
      return out;
    }
    if (!ctx.store.apps().update_app(next)) continue;
    next.version += 1;
    audit(ctx, actor, next.id, std::move(e.action), std::move(e.detail));
    out.app = std::move(next);
    return out;
  }
  return failure("conflict", {"The app was changed by someone else at the same time; try again."});
}

// Client keys are public but must be URL-safe and stable; keep them alphanumeric.
std::string generated_client_key() {
  std::string key = "lk" + crypto::base64url(crypto::random_bytes(12)).substr(0, 16);
  for (auto& c : key) {
    if (c == '-' || c == '_') c = 'x';
  }
  return key;
}

// A key chosen by its owner: it travels in queries and forms unencoded, so URL-safe only.
bool chosen_key_ok(std::string_view key) {
  if (key.size() < 4 || key.size() > 64) return false;
  for (char c : key) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

RegistryOutcome create_app(OAuthContext& ctx, const std::string& actor, const NewApp& spec) {
  std::vector<std::string> problems;
  if (spec.name.empty() || spec.name.size() > 100 || !is_printable_utf8(spec.name)) {
    problems.emplace_back("App name must be 1 to 100 printable characters.");
  }
  auto sp = scope_problems(spec.scopes);
  problems.insert(problems.end(), sp.begin(), sp.end());
  App app;
  bool uri_problem = false;
  for (const auto& r : spec.redirect_uris) {
    auto rp = redirect_uri_registration_problems(app, r.platform, r.uri);
    problems.insert(problems.end(), rp.begin(), rp.end());
    uri_problem = uri_problem || !rp.empty();
    if (rp.empty()) app.redirect_uris.push_back(r);
  }
  if (!spec.client_key.empty() && !chosen_key_ok(spec.client_key)) {
    problems.emplace_back("client_key must be 4 to 64 letters, digits, '-' or '_'.");
  } else if (!spec.client_key.empty() && ctx.store.apps().find_app_by_key(spec.client_key)) {
    problems.emplace_back("client_key is already registered.");
  }
  if (!spec.client_secret.empty() &&
      (spec.client_secret.size() < 16 || spec.client_secret.size() > 256 ||
       !is_printable_utf8(spec.client_secret))) {
    problems.emplace_back("client_secret must be 16 to 256 printable characters.");
  }
  bool frozen = false;
  if (!spec.legacy_domains.empty()) {
    if (auto refusal =
            domain_change_refusal(ctx.config.sunset, ctx.clock.now(), DomainChange::kAdd)) {
      problems.push_back(refusal->message);
      frozen = true;
    }
    for (const auto& d : spec.legacy_domains) {
      auto dp = legacy_domain_problems(app, d);
      problems.insert(problems.end(), dp.begin(), dp.end());
      if (dp.empty()) app.legacy_domains.push_back(d);
    }
  }
  if (!problems.empty()) {
    return failure(uri_problem ? "invalid_redirect_uri"
                   : frozen    ? "legacy_domains_frozen"
                               : "invalid_app",
                   std::move(problems));
  }

  std::string secret = spec.client_secret.empty() ? crypto::random_token("") : spec.client_secret;
  app.client_key = spec.client_key.empty() ? generated_client_key() : spec.client_key;
  app.secret_hash = crypto::sha256_hex(secret);
  app.developer_id = spec.developer_id;
  app.name = spec.name;
  app.scopes = with_basic(spec.scopes);
  app.login_kit = spec.login_kit;
  app.web_enabled = spec.web_enabled;
  app.require_pkce_web = spec.require_pkce_web;
  app.created_at = ctx.clock.now();
  app.id = ctx.store.apps().create_app(app);
  audit(ctx, actor, app.id, "app.created", "name=" + app.name);
  RegistryOutcome out;
  out.app = std::move(app);
  out.client_secret = std::move(secret);
  return out;
}

RegistryOutcome rotate_secret(OAuthContext& ctx, const std::string& actor, App app) {
  std::string secret = crypto::random_token("");
  auto out = apply(ctx, actor, std::move(app), [&](App& a) {
    a.secret_hash = crypto::sha256_hex(secret);
    return edited("secret.rotated", "");
  });
  if (out.ok()) out.client_secret = std::move(secret);
  return out;
}

RegistryOutcome add_redirect_uri(OAuthContext& ctx, const std::string& actor, App app,
                                 Platform platform, const std::string& uri) {
  return apply(ctx, actor, std::move(app), [&](App& a) {
    auto problems = redirect_uri_registration_problems(a, platform, uri);
    if (!problems.empty()) return refused("invalid_redirect_uri", std::move(problems));
    a.redirect_uris.push_back({platform, uri});
    return edited("redirect_uri.added", std::string(platform_name(platform)) + " " + uri);
  });
}

RegistryOutcome replace_redirect_uri(OAuthContext& ctx, const std::string& actor, App app,
                                     Platform platform, const std::string& old_uri,
                                     const std::string& uri) {
  return apply(ctx, actor, std::move(app), [&](App& a) {
    auto it = std::find_if(
        a.redirect_uris.begin(), a.redirect_uris.end(),
        [&](const RedirectUri& r) { return r.platform == platform && r.uri == old_uri; });
    if (it == a.redirect_uris.end()) {
      return refused("not_found", {"That redirect URI is not registered."});
    }
    if (old_uri == uri) return Edit{};
    App without = a;
    without.redirect_uris.erase(without.redirect_uris.begin() + (it - a.redirect_uris.begin()));
    auto problems = redirect_uri_registration_problems(without, platform, uri);
    if (!problems.empty()) return refused("invalid_redirect_uri", std::move(problems));
    it->uri = uri;
    return edited("redirect_uri.changed",
                  std::string(platform_name(platform)) + " " + old_uri + " -> " + uri);
  });
}

RegistryOutcome remove_redirect_uri(OAuthContext& ctx, const std::string& actor, App app,
                                    Platform platform, const std::string& uri) {
  return apply(ctx, actor, std::move(app), [&](App& a) {
    auto removed = std::erase_if(a.redirect_uris, [&](const RedirectUri& r) {
      return r.platform == platform && r.uri == uri;
    });
    if (removed == 0) return refused("not_found", {"That redirect URI is not registered."});
    return edited("redirect_uri.removed", std::string(platform_name(platform)) + " " + uri);
  });
}

RegistryOutcome add_legacy_domain(OAuthContext& ctx, const std::string& actor, App app,
                                  const std::string& domain) {
  if (auto refusal =
          domain_change_refusal(ctx.config.sunset, ctx.clock.now(), DomainChange::kAdd)) {
    return failure("legacy_domains_frozen", {refusal->message});
  }
  return apply(ctx, actor, std::move(app), [&](App& a) {
    auto problems = legacy_domain_problems(a, domain);
    if (!problems.empty()) return refused("invalid_legacy_domain", std::move(problems));
    a.legacy_domains.push_back(domain);
    return edited("legacy_domain.added", domain);
  });
}

RegistryOutcome remove_legacy_domain(OAuthContext& ctx, const std::string& actor, App app,
                                     const std::string& domain) {
  return apply(ctx, actor, std::move(app), [&](App& a) {
    if (std::erase(a.legacy_domains, domain) == 0) {
      return refused("not_found", {"That redirect domain is not registered."});
    }
    return edited("legacy_domain.removed", domain);
  });
}

RegistryOutcome set_scopes(OAuthContext& ctx, const std::string& actor, App app,
                           const ScopeList& scopes) {
  auto problems = scope_problems(scopes);
  if (!problems.empty()) return failure("invalid_scope", std::move(problems));
  auto wanted = with_basic(scopes);
  return apply(ctx, actor, std::move(app), [&](App& a) {
    a.scopes = wanted;
    return edited("scopes.changed", join_scopes(a.scopes));
  });
}

RegistryOutcome set_login_kit(OAuthContext& ctx, const std::string& actor, App app,
                              std::optional<bool> login_kit, std::optional<bool> web,
                              std::optional<bool> require_pkce_web) {
  return apply(ctx, actor, std::move(app), [&](App& a) {
    a.login_kit = login_kit.value_or(a.login_kit);
    a.web_enabled = web.value_or(a.web_enabled);
    a.require_pkce_web = require_pkce_web.value_or(a.require_pkce_web);
    return edited("login_kit.changed",
                  std::string("login_kit=") + (a.login_kit ? "on" : "off") +
                      " web=" + (a.web_enabled ? "on" : "off") +
                      " require_pkce_web=" + (a.require_pkce_web ? "on" : "off"));
  });
}

}  // namespace loginkit
