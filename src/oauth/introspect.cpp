#include "oauth/introspect.hpp"

#include "core/crypto.hpp"
#include "oauth/access_validation.hpp"
#include "oauth/client_auth.hpp"
#include "oauth/identity.hpp"
#include "store/handles.hpp"

namespace loginkit {
namespace {

// RFC 7662 §2.2: space-separated.
std::string space_joined(const ScopeList& scopes) {
  std::string out;
  for (const auto& s : scopes) out += (out.empty() ? "" : " ") + s;
  return out;
}

// A self-validating access token: its MAC and expiry, then the revocation state the store holds
// (the app's own client token unless denied; a user token of a live grant of this app).
Introspection introspect_self_validating(OAuthContext& ctx, const Dialect& d, const App& client,
                                         std::string_view presented) {
  Introspection out;
  auto opened = open_presented(ctx, presented, true);
  if (!opened.claims || !d.owns(opened.claims->api_version)) return out;
  const AccessClaims& c = *opened.claims;
  std::string token_id = access_token_id_hex(c);
  if (c.kind == AccessKind::kClient) {
    if (c.subject != client.id || ctx.store.revoked_tokens().is_denied(token_id)) return out;
    out.scope = space_joined(c.scopes);
  } else {
    auto found = ctx.store.grants().find_grant_context(c.subject, token_id);
    if (!found || found->grant.app_id != client.id || found->grant.revoked || found->token_denied) {
      return out;
    }
    out.scope = space_joined(found->grant.scopes);
    out.sub = open_id(ctx.server_key, found->grant.app_id, found->grant.user_id);
  }
  out.active = true;
  out.client_id = client.client_key;
  out.token_type = "Bearer";
  out.exp = c.expires_at;
  return out;
}

}  // namespace

Result<Introspection> introspect_request(OAuthContext& ctx, const TokenForm& form,
                                         ClientAuthGate* gate) {
  const Dialect& d = v2_dialect();
  auto presented = presented_token(ctx, form, gate);
  if (!presented) return presented.error();
  const App* client = &presented->client;
  if (is_self_validating(presented->token)) {
    return introspect_self_validating(ctx, d, *client, presented->token);
  }
  // Refresh tokens, and access tokens minted before they became self-validating: the stored row.
  Introspection out;
  auto token = ctx.store.tokens().find_token(handle_key(presented->token));
  if (!token || token->app_id != client->id || !d.owns(token->api_version) || token->revoked ||
      token->rotated || token->expires_at <= ctx.clock.now()) {
    return out;
  }
  out.active = true;
  out.scope = space_joined(token->scopes);
  out.client_id = client->client_key;
  out.token_type = token->kind == TokenKind::kRefresh ? "refresh_token" : "Bearer";
  out.exp = token->expires_at;
  if (token->grant_id) {
    if (auto grant = ctx.store.grants().find_grant(*token->grant_id)) {
      out.sub = open_id(ctx.server_key, grant->app_id, grant->user_id);
    }
  }
  return out;
}

}  // namespace loginkit
