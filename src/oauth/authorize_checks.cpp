#include "oauth/authorize_checks.hpp"

#include <array>

#include "oauth/pkce.hpp"

namespace loginkit {
namespace {

// Before the redirect URI is trusted: an error page, never a redirect (RFC 9700 §4.1).
AuthorizeFailure page_error(std::string description) {
  AuthorizeFailure f;
  f.error = make_error("invalid_request", std::move(description));
  return f;
}

// After it is trusted: the error goes back to the client (SPEC §2.1).
AuthorizeFailure redirect_error(const AuthorizeDraft& d, std::string code,
                                std::string description) {
  return AuthorizeFailure{make_error(std::move(code), std::move(description)),
                          d.redirect_uri,
                          d.state,
                          {},
                          d.app.id,
                          d.platform};
}

constexpr std::array<NamedAuthorizeCheck, 11> kChecks{{
    {"client_known", &check_client_known},
    {"client_id_agrees", &check_client_id_agrees},
    {"login_kit", &check_login_kit},
    {"redirect_uri", &check_redirect_uri},
    {"redirect_params_single", &check_redirect_params_single},
    {"sunset", &check_sunset},
    {"params_single", &check_params_single},
    {"response_type", &check_response_type},
    {"scope", &check_scope},
    {"consent_mode", &check_consent_mode},
    {"pkce", &check_pkce},
}};

}  // namespace

std::span<const NamedAuthorizeCheck> authorize_checks() {
  return kChecks;
}

AuthorizeRequest AuthorizeDraft::finish() && {
  return AuthorizeRequest{.app = std::move(app),
                          .platform = platform,
                          .redirect_uri = std::move(*redirect_uri),
                          .state = std::move(state),
                          .scopes = std::move(scopes),
                          .code_challenge = std::move(code_challenge),
                          .force_consent = force_consent,
                          .dialect = &dialect};
}

std::optional<AuthorizeFailure> check_client_known(AuthorizeDraft& d) {
  auto client_key = d.query.get_or("client_key");
  if (client_key.empty()) return page_error("The request is missing client_key.");
  auto app = d.ctx.store.apps().find_app_by_key(client_key);
  if (!app) return page_error("The client_key is not known.");
  d.app = std::move(*app);
  return std::nullopt;
}

// SPEC §2.1: an extra client_id equal to client_key is ignored; a different one is refused.
std::optional<AuthorizeFailure> check_client_id_agrees(AuthorizeDraft& d) {
  if (auto client_id = d.query.get("client_id");
      client_id && *client_id != d.query.get_or("client_key")) {
    return page_error("client_id and client_key name different apps.");
  }
  return std::nullopt;
}

std::optional<AuthorizeFailure> check_login_kit(AuthorizeDraft& d) {
  if (!d.app.login_kit) return page_error("This app has not added Login Kit.");
  return std::nullopt;
}

// SPEC §2.1 exact match (v2) or §3 legacy domains (v1). The match parses and validates the URI;
// only its rebuilt form is ever redirected to.
std::optional<AuthorizeFailure> check_redirect_uri(AuthorizeDraft& d) {
  auto target = d.dialect.match_redirect_uri(d.app, d.query.get_or("redirect_uri"));
  if (!target) {
    auto f = page_error("The redirect_uri is not registered for this app.");
    f.app_id = d.app.id;
    return f;
  }
  d.platform = target->platform;
  d.redirect_uri.emplace(std::move(target->uri));
  return std::nullopt;
}

// RFC 6749 §3.1: parameters must not be sent more than once. These three decide where (and with
// what state) we would redirect, so their duplicates get the error page.
std::optional<AuthorizeFailure> check_redirect_params_single(AuthorizeDraft& d) {
  const Params& q = d.query;
  if (q.count("redirect_uri") > 1 || q.count("state") > 1 || q.count("client_key") > 1) {
    return page_error("A parameter was sent more than once.");
  }
  if (auto s = q.get("state")) d.state = std::string(*s);
  return std::nullopt;
}

// SPEC §5: the sunset policy decides whether a flow may start at all (v1 only).
std::optional<AuthorizeFailure> check_sunset(AuthorizeDraft& d) {
  auto refusal = d.dialect.flow_refusal(d.ctx, d.app, d.platform);
  if (!refusal) return std::nullopt;
  auto f = redirect_error(d, "unauthorized_client", refusal->message);
  f.policy_rule = refusal->rule;
  return f;
}

std::optional<AuthorizeFailure> check_params_single(AuthorizeDraft& d) {
  for (const char* name : {"response_type", "scope", "code_challenge", "code_challenge_method",
                           "disable_auto_auth", "client_id"}) {
    if (d.query.count(name) > 1) {
      return redirect_error(d, "invalid_request",
                            std::string("The parameter ") + name + " was sent more than once.");
    }
  }
  return std::nullopt;
}

// RFC 6749 §4.1.1.
std::optional<AuthorizeFailure> check_response_type(AuthorizeDraft& d) {
  auto response_type = d.query.get("response_type");
  if (!response_type)
    return redirect_error(d, "invalid_request", "The request is missing response_type.");
  if (*response_type != "code") {
    return redirect_error(d, "unsupported_response_type", "Only response_type=code is supported.");
  }
  return std::nullopt;
}

// SPEC §1: scopes known and approved for this app.
std::optional<AuthorizeFailure> check_scope(AuthorizeDraft& d) {
  d.scopes = parse_scopes(d.query.get_or("scope"));
  if (d.scopes.empty())
    return redirect_error(d, "invalid_request", "The request is missing scope.");
  for (const auto& s : d.scopes) {
    if (!contains(d.app.scopes, s)) {
      return redirect_error(d, "invalid_scope",
                            "The scope " + s + " is not approved for this app.");
    }
  }
  return std::nullopt;
}

// SPEC §2.1: disable_auto_auth=1 always shows consent.
std::optional<AuthorizeFailure> check_consent_mode(AuthorizeDraft& d) {
  d.force_consent = d.query.get_or("disable_auto_auth") == "1";
  return std::nullopt;
}

// RFC 7636 §4.3, SPEC §2.1: S256 only; required off the web or when the app opted in. v1 has no
// PKCE (SPEC §3).
std::optional<AuthorizeFailure> check_pkce(AuthorizeDraft& d) {
  if (!d.dialect.uses_pkce()) return std::nullopt;
  auto challenge = d.query.get_or("code_challenge");
  auto method = d.query.get("code_challenge_method");
  if (method && *method != "S256") {
    return redirect_error(d, "invalid_request", "code_challenge_method must be S256.");
  }
  bool required = d.platform != Platform::kWeb || d.app.require_pkce_web;
  if (challenge.empty()) {
    if (required)
      return redirect_error(d, "invalid_request", "This flow requires a code_challenge.");
  } else if (!pkce::valid_challenge(challenge)) {
    return redirect_error(d, "invalid_request", "code_challenge is not a valid S256 challenge.");
  }
  d.code_challenge = challenge;
  return std::nullopt;
}

}  // namespace loginkit
