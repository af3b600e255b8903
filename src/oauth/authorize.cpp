#include "oauth/authorize.hpp"

#include <algorithm>

#include "core/crypto.hpp"
#include "oauth/authorize_checks.hpp"
#include "store/handles.hpp"

namespace loginkit {
AuthorizeCheck check_authorize(OAuthContext& ctx, const Params& q, const Dialect& dialect) {
  AuthorizeDraft draft{ctx, dialect, q};
  if (auto failure = run_checks(authorize_checks(), draft)) return std::move(*failure);
  return std::move(draft).finish();
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

std::optional<ScopeList> remembered_consent(OAuthContext& ctx, const AuthorizeRequest& req,
                                            Id user_id) {
  if (req.force_consent) return std::nullopt;
  auto consent = ctx.store.grants().find_consent(user_id, req.app.id);
  if (!consent || !contains_all(consent->scopes, req.scopes)) return std::nullopt;
  return scope_intersection(req.scopes, consent->scopes);
}

std::string approve(OAuthContext& ctx, const AuthorizeRequest& req, Id user_id,
                    const ScopeList& granted) {
  UnixSeconds now = ctx.clock.now();
  auto previous = ctx.store.grants().find_consent(user_id, req.app.id);
  ctx.store.grants().save_consent(Consent{
      user_id, req.app.id, previous ? scope_union(previous->scopes, granted) : granted, now});
  Grant grant;
  grant.app_id = req.app.id;
  grant.user_id = user_id;
  grant.scopes = granted;
  grant.api_version = req.dialect->version();
  grant.platform = req.platform;
  grant.created_at = now;
  // The code carries its row's id (store/handles.hpp); a fresh one if that id was taken.
  std::string code;
  retry_on_duplicate_id([&] {
    Id code_id = next_handle_id();
    code = mint_handle("", code_id);
    AuthCode record{new_handle_key(code, code_id).hash,
                    0,
                    req.redirect_uri.str(),
                    req.code_challenge,
                    now + ctx.config.code_ttl,
                    false,
                    code_id};
    return ctx.store.grants().create_grant_with_code(grant, record);
  });
  // Named, not `"v" + temporary`: GCC 12 misreports that at -O3 (-Wrestrict).
  const std::string version = std::to_string(req.dialect->version());
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
