#include "oauth/app_registry.hpp"

#include <algorithm>

#include "core/crypto.hpp"
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
ScopeList with_basic(ScopeList scopes) {
  return scope_union(scopes, ScopeList{std::string(kBasicScope)});
}

RegistryOutcome saved(OAuthContext& ctx, const std::string& actor, App app, std::string action,
                      std::string detail) {
  ctx.store.update_app(app);
  audit(ctx, actor, app.id, std::move(action), std::move(detail));
  RegistryOutcome out;
  out.app = std::move(app);
  return out;
}

}  // namespace

RegistryOutcome create_app(OAuthContext& ctx, const std::string& actor, NewApp spec) {
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

  std::string secret = crypto::random_token("");
  app.client_key = "lk" + crypto::base64url(crypto::random_bytes(12)).substr(0, 16);
  // Client keys are public but must be URL-safe and stable; keep them alphanumeric.
  for (auto& c : app.client_key) {
    if (c == '-' || c == '_') c = 'x';
  }
  app.secret_hash = crypto::sha256_hex(secret);
  app.developer_id = spec.developer_id;
  app.name = spec.name;
  app.scopes = with_basic(spec.scopes);
  app.login_kit = spec.login_kit;
  app.web_enabled = spec.web_enabled;
  app.require_pkce_web = spec.require_pkce_web;
  app.created_at = ctx.clock.now();
  app.id = ctx.store.create_app(app);
  audit(ctx, actor, app.id, "app.created", "name=" + app.name);
  RegistryOutcome out;
  out.app = std::move(app);
  out.client_secret = std::move(secret);
  return out;
}

RegistryOutcome rotate_secret(OAuthContext& ctx, const std::string& actor, App app) {
  std::string secret = crypto::random_token("");
  app.secret_hash = crypto::sha256_hex(secret);
  auto out = saved(ctx, actor, std::move(app), "secret.rotated", "");
  out.client_secret = std::move(secret);
  return out;
}

RegistryOutcome add_redirect_uri(OAuthContext& ctx, const std::string& actor, App app,
                                 Platform platform, const std::string& uri) {
  auto problems = redirect_uri_registration_problems(app, platform, uri);
  if (!problems.empty()) return failure("invalid_redirect_uri", std::move(problems));
  app.redirect_uris.push_back({platform, uri});
  return saved(ctx, actor, std::move(app), "redirect_uri.added",
               std::string(platform_name(platform)) + " " + uri);
}

RegistryOutcome replace_redirect_uri(OAuthContext& ctx, const std::string& actor, App app,
                                     Platform platform, const std::string& old_uri,
                                     const std::string& uri) {
  auto it = std::find_if(
      app.redirect_uris.begin(), app.redirect_uris.end(),
      [&](const RedirectUri& r) { return r.platform == platform && r.uri == old_uri; });
  if (it == app.redirect_uris.end()) {
    return failure("not_found", {"That redirect URI is not registered."});
  }
  if (old_uri == uri) {
    RegistryOutcome unchanged;
    unchanged.app = std::move(app);
    return unchanged;
  }
  App without = app;
  without.redirect_uris.erase(without.redirect_uris.begin() + (it - app.redirect_uris.begin()));
  auto problems = redirect_uri_registration_problems(without, platform, uri);
  if (!problems.empty()) return failure("invalid_redirect_uri", std::move(problems));
  it->uri = uri;
  return saved(ctx, actor, std::move(app), "redirect_uri.changed",
               std::string(platform_name(platform)) + " " + old_uri + " -> " + uri);
}

RegistryOutcome remove_redirect_uri(OAuthContext& ctx, const std::string& actor, App app,
                                    Platform platform, const std::string& uri) {
  auto before = app.redirect_uris.size();
  std::erase_if(app.redirect_uris,
                [&](const RedirectUri& r) { return r.platform == platform && r.uri == uri; });
  if (app.redirect_uris.size() == before) {
    return failure("not_found", {"That redirect URI is not registered."});
  }
  return saved(ctx, actor, std::move(app), "redirect_uri.removed",
               std::string(platform_name(platform)) + " " + uri);
}

RegistryOutcome add_legacy_domain(OAuthContext& ctx, const std::string& actor, App app,
                                  const std::string& domain) {
  if (auto refusal =
          domain_change_refusal(ctx.config.sunset, ctx.clock.now(), DomainChange::kAdd)) {
    return failure("legacy_domains_frozen", {refusal->message});
  }
  auto problems = legacy_domain_problems(app, domain);
  if (!problems.empty()) return failure("invalid_legacy_domain", std::move(problems));
  app.legacy_domains.push_back(domain);
  return saved(ctx, actor, std::move(app), "legacy_domain.added", domain);
}

RegistryOutcome remove_legacy_domain(OAuthContext& ctx, const std::string& actor, App app,
                                     const std::string& domain) {
  auto before = app.legacy_domains.size();
  std::erase(app.legacy_domains, domain);
  if (app.legacy_domains.size() == before) {
    return failure("not_found", {"That redirect domain is not registered."});
  }
  return saved(ctx, actor, std::move(app), "legacy_domain.removed", domain);
}

RegistryOutcome set_scopes(OAuthContext& ctx, const std::string& actor, App app, ScopeList scopes) {
  auto problems = scope_problems(scopes);
  if (!problems.empty()) return failure("invalid_scope", std::move(problems));
  app.scopes = with_basic(std::move(scopes));
  auto listed = join_scopes(app.scopes);
  return saved(ctx, actor, std::move(app), "scopes.changed", listed);
}

RegistryOutcome set_login_kit(OAuthContext& ctx, const std::string& actor, App app, bool login_kit,
                              bool web, bool require_pkce_web) {
  app.login_kit = login_kit;
  app.web_enabled = web;
  app.require_pkce_web = require_pkce_web;
  std::string detail = std::string("login_kit=") + (login_kit ? "on" : "off") +
                       " web=" + (web ? "on" : "off") +
                       " require_pkce_web=" + (require_pkce_web ? "on" : "off");
  return saved(ctx, actor, std::move(app), "login_kit.changed", detail);
}

}  // namespace loginkit
