#include "oauth/authorize.hpp"

#include <algorithm>

#include "core/crypto.hpp"
#include "oauth/legacy_redirect.hpp"
#include "oauth/pkce.hpp"
#include "oauth/redirect_uri.hpp"
#include "oauth/sunset.hpp"

namespace loginkit {
namespace {

AuthorizeFailure page_error(std::string description) {
  AuthorizeFailure f;
  f.error = make_error("invalid_request", std::move(description));
  return f;
}

}  // namespace

AuthorizeCheck check_authorize(OAuthContext& ctx, const Params& q, int api_version) {
  // 1. The client, its Login Kit and the redirect URI must be trusted before anything can be
  //    redirected (RFC 6749 §4.1.2.1, RFC 9700 §4.1: no open redirect).
  auto client_key = q.get_or("client_key");
  if (client_key.empty()) return page_error("The request is missing client_key.");
  auto app = ctx.store.find_app_by_key(client_key);
  if (!app) return page_error("The client_key is not known.");
  if (auto client_id = q.get("client_id"); client_id && *client_id != client_key) {
    return page_error("client_id and client_key name different apps.");
  }
  if (!app->login_kit) return page_error("This app has not added Login Kit.");
  // The match parses and validates the URI; only its rebuilt form is ever redirected to.
  auto redirect_uri = q.get_or("redirect_uri");
  auto target = api_version == 1 ? match_v1_redirect_uri(*app, redirect_uri)
                                 : match_redirect_uri(*app, redirect_uri);
  if (!target) {
    auto f = page_error("The redirect_uri is not registered for this app.");
    f.app_id = app->id;
    return f;
  }
  // RFC 6749 §3.1: parameters must not be sent more than once. These three decide where (and
  // with what state) we would redirect, so their duplicates get the error page.
  if (q.count("redirect_uri") > 1 || q.count("state") > 1 || q.count("client_key") > 1) {
    return page_error("A parameter was sent more than once.");
  }

  AuthorizeRequest req{.app = std::move(*app),
                       .platform = target->platform,
                       .redirect_uri = std::move(target->uri),
                       .api_version = api_version};
  if (auto s = q.get("state")) req.state = std::string(*s);
  auto fail = [&](std::string code, std::string description) -> AuthorizeCheck {
    return AuthorizeFailure{make_error(std::move(code), std::move(description)),
                            req.redirect_uri,
                            req.state,
                            {},
                            req.app.id,
                            req.platform};
  };
  // SPEC §5: the sunset policy decides whether a v1 flow may start at all.
  if (api_version == 1) {
    if (auto refusal =
            v1_refusal(ctx.config.sunset, ctx.clock.now(), req.app.created_at, req.platform)) {
      auto f = std::get<AuthorizeFailure>(fail("unauthorized_client", refusal->message));
      f.policy_rule = refusal->rule;
      return f;
    }
  }

  for (const char* name : {"response_type", "scope", "code_challenge", "code_challenge_method",
                           "disable_auto_auth", "client_id"}) {
    if (q.count(name) > 1) {
      return fail("invalid_request",
                  std::string("The parameter ") + name + " was sent more than once.");
    }
  }
  // 2. RFC 6749 §4.1.1.
  auto response_type = q.get("response_type");
  if (!response_type) return fail("invalid_request", "The request is missing response_type.");
  if (*response_type != "code") {
    return fail("unsupported_response_type", "Only response_type=code is supported.");
  }
  // 3. Scopes: known and approved for this app (SPEC §1).
  req.scopes = parse_scopes(q.get_or("scope"));
  if (req.scopes.empty()) return fail("invalid_request", "The request is missing scope.");
  for (const auto& s : req.scopes) {
    if (!contains(req.app.scopes, s)) {
      return fail("invalid_scope", "The scope " + s + " is not approved for this app.");
    }
  }
  req.force_consent = q.get_or("disable_auto_auth") == "1";
  if (api_version == 1) return req;  // v1 has no PKCE (SPEC §3)
  // 4. PKCE (RFC 7636 §4.3, SPEC §2.1): S256 only; required off the web or when opted in.
  auto challenge = q.get_or("code_challenge");
  auto method = q.get("code_challenge_method");
  if (method && *method != "S256") {
    return fail("invalid_request", "code_challenge_method must be S256.");
  }
  bool pkce_required = req.platform != Platform::kWeb || req.app.require_pkce_web;
  if (challenge.empty()) {
    if (pkce_required) return fail("invalid_request", "This flow requires a code_challenge.");
  } else if (!pkce::valid_challenge(challenge)) {
    return fail("invalid_request", "code_challenge is not a valid S256 challenge.");
  }
  req.code_challenge = challenge;
  return req;
}

ScopeList granted_scopes(const AuthorizeRequest& req, const std::vector<std::string_view>& ticked) {
  ScopeList chosen{std::string(kBasicScope)};
  for (auto t : ticked) chosen.emplace_back(t);
  std::sort(chosen.begin(), chosen.end());
  chosen.erase(std::unique(chosen.begin(), chosen.end()), chosen.end());
  ScopeList granted = scope_intersection(req.scopes, chosen);
  if (!contains(granted, kBasicScope)) granted = scope_union(granted, {std::string(kBasicScope)});
  return granted;
}

bool consent_already_given(OAuthContext& ctx, const AuthorizeRequest& req, Id user_id) {
  if (req.force_consent) return false;
  auto consent = ctx.store.find_consent(user_id, req.app.id);
  return consent && contains_all(consent->scopes, req.scopes);
}

std::string approve(OAuthContext& ctx, const AuthorizeRequest& req, Id user_id,
                    const ScopeList& granted) {
  UnixSeconds now = ctx.clock.now();
  auto previous = ctx.store.find_consent(user_id, req.app.id);
  ctx.store.save_consent(Consent{user_id, req.app.id,
                                 previous ? scope_union(previous->scopes, granted) : granted, now});
  std::string code = crypto::random_token("");
  Grant grant;
  grant.app_id = req.app.id;
  grant.user_id = user_id;
  grant.scopes = granted;
  grant.api_version = req.api_version;
  grant.platform = req.platform;
  grant.created_at = now;
  AuthCode record{crypto::sha256_hex(code),  0,    req.redirect_uri.str(), req.code_challenge,
                  now + ctx.config.code_ttl, false};
  ctx.store.create_grant_with_code(grant, record);
  // Named, not `"v" + temporary`: GCC 12 misreports that at -O3 (-Wrestrict).
  const std::string version = std::to_string(req.api_version);
  audit(ctx, "user:" + std::to_string(user_id), req.app.id, "grant.created",
        "v" + version + " " + platform_name(req.platform) + " " + join_scopes(granted));
  // SPEC §2.1: code, scopes (plural) and state; never iss.
  std::vector<std::pair<std::string, std::string>> params{{"code", code},
                                                          {"scopes", join_scopes(granted)}};
  if (req.state) params.emplace_back("state", *req.state);
  return req.redirect_uri.with_params(params);
}

std::string error_redirect(const AuthorizeFailure& f) {
  std::vector<std::pair<std::string, std::string>> params{
      {"error", f.error.code}, {"error_description", f.error.description}};
  if (f.state) params.emplace_back("state", *f.state);
  // Only a failure with a trusted redirect URI is redirectable; anything else gets a page.
  if (!f.redirect_uri) return "/";
  return f.redirect_uri->with_params(params);
}

std::string access_denied_redirect(const AuthorizeRequest& req) {
  AuthorizeFailure f{make_error("access_denied", "The user denied the request."),
                     req.redirect_uri,
                     req.state,
                     {},
                     req.app.id,
                     req.platform};
  return error_redirect(f);
}

}  // namespace loginkit
