#include "oauth/token_endpoint.hpp"

#include "core/crypto.hpp"
#include "oauth/access_validation.hpp"
#include "oauth/token_checks.hpp"
#include "store/handles.hpp"

namespace loginkit {
namespace {

// SPEC §2.2: application/x-www-form-urlencoded, a charset (or any) parameter allowed.
bool is_form_content_type(std::optional<std::string_view> ct) {
  if (!ct) return false;
  std::string_view media = ct->substr(0, ct->find(';'));
  while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
  while (!media.empty() && media.front() == ' ') media.remove_prefix(1);
  return iequals(media, "application/x-www-form-urlencoded");
}

OAuthError malformed() {
  return v2_dialect().fail(Fail::kMalformed);
}

std::optional<OAuthError> form_problem(const TokenRequest& req, const std::optional<Params>& p) {
  if (!is_form_content_type(req.content_type) || !p) return malformed();
  // RFC 6749 §3.2: a parameter sent more than once is invalid_request.
  if (auto dup = duplicated_parameter(*p)) {
    return make_error("invalid_request", "The parameter " + *dup + " was sent more than once.");
  }
  return std::nullopt;
}

// RFC 7009 for a self-validating access token of this client: a client token goes on the
// deny-list until it expires; a user token disconnects its grant, as a stored one does (even
// once expired: the client still names the grant it wants gone).
void revoke_self_validating(OAuthContext& ctx, const Dialect& d, const App& client,
                            std::string_view presented) {
  auto opened = open_presented(ctx, presented, false);
  if (!opened.claims || !d.owns(opened.claims->api_version)) return;
  const AccessClaims& c = *opened.claims;
  if (c.kind == AccessKind::kClient) {
    std::string token_id = access_token_id_hex(c);
    if (c.subject != client.id || c.expires_at <= ctx.clock.now() ||
        ctx.store.revoked_tokens().is_denied(token_id)) {
      return;
    }
    note(ctx, "loginkit_tokens_revoked_total", d.metric_label());
    ctx.store.revoked_tokens().deny_token(token_id, c.expires_at);
    return;
  }
  auto grant = ctx.store.grants().find_grant(c.subject);
  if (!grant || grant->app_id != client.id || grant->revoked) return;
  note(ctx, "loginkit_tokens_revoked_total", d.metric_label());
  disconnect_grant(ctx, client, *grant, "/v2/oauth/revoke");
}

}  // namespace

Result<Params> parse_token_form(const TokenRequest& req) {
  auto params = parse_form(req.body);
  if (auto problem = form_problem(req, params)) return *problem;
  return std::move(*params);
}

std::string claimed_client_key(const Params& params) {
  if (auto k = params.get("client_key")) return std::string(*k);
  return params.get_or("client_id");
}

TokenForm read_token_form(const TokenRequest& wire) {
  TokenForm out;
  auto params = parse_form(wire.body);
  // The client named for logs and limits: body first, then HTTP Basic, whatever the body's type.
  if (params) out.claimed_client_key = claimed_client_key(*params);
  if (out.claimed_client_key.empty() && wire.authorization) {
    out.claimed_client_key = basic_client_id(*wire.authorization).value_or("");
  }
  out.unreadable = form_problem(wire, params);
  if (out.unreadable) return out;
  out.params = std::move(*params);
  out.credentials = v2_client_credentials(out.params, wire.authorization);
  return out;
}

Result<TokenResponse> exchange_token(OAuthContext& ctx, const Dialect& d,
                                     const GrantRegistry& grants, const Params& params,
                                     const Result<ClientCredentials>& credentials,
                                     SecretCheck check, CallTrace& trace) {
  TokenDraft draft(ctx, d, grants, params, credentials, check, trace);
  if (auto failure = run_checks(token_checks(), draft)) return std::move(*failure);
  TokenCall call{ctx, d, params, trace};
  auto out = draft.handler->handle(call, *draft.client);
  if (out) trace.outcome = "accepted";
  return out;
}

Result<TokenResponse> token_request(OAuthContext& ctx, const GrantRegistry& grants,
                                    const TokenForm& form, ClientAuthGate* gate) {
  if (form.unreadable) return *form.unreadable;
  CallTrace trace;
  trace.gate = gate;
  return exchange_token(ctx, v2_dialect(), grants, form.params, form.credentials,
                        SecretCheck::kRequired, trace);
}

void disconnect_grant(OAuthContext& ctx, const App& client, const Grant& grant,
                      std::string_view via) {
  ctx.store.grants().disconnect(grant.user_id, grant.app_id, ctx.clock.now());
  audit(ctx, "client:" + client.client_key, grant.app_id, "grant.disconnected",
        "user " + std::to_string(grant.user_id) + " via " + std::string(via));
}

Result<PresentedToken> presented_token(OAuthContext& ctx, const TokenForm& form,
                                       ClientAuthGate* gate) {
  const Dialect& d = v2_dialect();
  if (form.unreadable) return *form.unreadable;
  if (!form.credentials) return form.credentials.error();
  CallTrace trace;
  trace.gate = gate;
  auto client =
      authenticate_client(ctx, d, form.credentials.value(), SecretCheck::kRequired, trace);
  if (!client) return client.error();
  auto presented = form.params.get("token");
  if (!presented || presented->empty()) return d.fail(Fail::kMissingParameter, "token");
  return PresentedToken{std::move(*client), std::string(*presented)};
}

Status revoke_request(OAuthContext& ctx, const TokenForm& form, ClientAuthGate* gate) {
  const Dialect& d = v2_dialect();
  auto presented = presented_token(ctx, form, gate);
  if (!presented) return presented.error();
  const App* client = &presented->client;
  // RFC 7009 §2.2: unknown, already revoked or foreign tokens all answer success unchanged.
  if (is_self_validating(presented->token)) {
    revoke_self_validating(ctx, d, *client, presented->token);
    return Ok{};
  }
  auto token = ctx.store.tokens().find_token(handle_key(presented->token));
  if (!token || token->app_id != client->id || !d.owns(token->api_version) || token->revoked) {
    return Ok{};
  }
  note(ctx, "loginkit_tokens_revoked_total", d.metric_label());
  if (!token->grant_id) {
    ctx.store.tokens().revoke_token(token->key(), ctx.clock.now());
    return Ok{};
  }
  if (auto grant = ctx.store.grants().find_grant(*token->grant_id)) {
    disconnect_grant(ctx, *client, *grant, "/v2/oauth/revoke");
  }
  return Ok{};
}

int token_error_status(const OAuthError& e, ErrorStatusMode mode) {
  if (mode == ErrorStatusMode::kPlatform) return 200;
  if (e.code == "invalid_client") return 401;
  if (e.code == "server_error") return 500;
  if (e.code == "temporarily_unavailable") return 503;
  return 400;
}

}  // namespace loginkit
