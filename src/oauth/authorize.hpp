#pragma once
// SPEC §2.1 GET /v2/auth/authorize/ and §3 GET /auth/authorize/: ordered checks (client, redirect
// URI, response type, scope, PKCE), then code issuance after the user consents.
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/error.hpp"
#include "core/form.hpp"
#include "core/uri.hpp"
#include "oauth/context.hpp"
#include "oauth/dialect.hpp"

namespace loginkit {

struct AuthorizeRequest {
  App app;
  Platform platform = Platform::kWeb;
  Uri redirect_uri;  // validated; every redirect of the flow is built from it
  std::optional<std::string> state{};
  ScopeList scopes{};  // requested
  std::string code_challenge{};
  bool force_consent = false;  // disable_auto_auth=1
  const Dialect* dialect = &v2_dialect();
};

struct AuthorizeFailure {
  OAuthError error;
  // Absent when the client or redirect URI is not trusted: show an error page, never redirect.
  std::optional<Uri> redirect_uri;
  std::optional<std::string> state;
  std::string policy_rule;   // set when the sunset policy refused the flow (SPEC §5)
  std::optional<Id> app_id;  // the app, once known (for v1 call counting)
  std::optional<Platform> platform;
  bool redirectable() const { return redirect_uri.has_value(); }
};

using AuthorizeCheck = std::variant<AuthorizeRequest, AuthorizeFailure>;

// Runs the ordered checks of oauth/authorize_checks.hpp; the dialect brings its redirect-URI rule,
// its sunset policy and whether PKCE exists.
AuthorizeCheck check_authorize(OAuthContext& ctx, const Params& query,
                               const Dialect& dialect = v2_dialect());

// SPEC §2.1: user.info.basic is always granted; optional scopes only when ticked.
ScopeList granted_scopes(const AuthorizeRequest& req, const std::vector<std::string_view>& ticked);

// The scopes to grant without asking when the user already granted every requested one (and the
// client did not force the consent screen); nullopt when the user must be asked.
std::optional<ScopeList> remembered_consent(OAuthContext& ctx, const AuthorizeRequest& req,
                                            Id user_id);

// Records consent, creates the grant and a single-use code; returns the redirect location.
std::string approve(OAuthContext& ctx, const AuthorizeRequest& req, Id user_id,
                    const ScopeList& granted);

// The error redirect of a redirectable failure (SPEC §2.1).
std::string error_redirect(const AuthorizeFailure& failure);
std::string access_denied_redirect(const AuthorizeRequest& req);

}  // namespace loginkit
