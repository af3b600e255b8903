#include "oauth/introspect.hpp"

#include "core/crypto.hpp"
#include "oauth/client_auth.hpp"
#include "oauth/identity.hpp"
#include "store/handles.hpp"

namespace loginkit {

Result<Introspection> introspect_request(OAuthContext& ctx, const TokenForm& form) {
  const Dialect& d = v2_dialect();
  auto presented = presented_token(ctx, form);
  if (!presented) return presented.error();
  const App* client = &presented->client;
  Introspection out;
  auto token = ctx.store.tokens().find_token(handle_key(presented->token));
  if (!token || token->app_id != client->id || !d.owns(token->api_version) || token->revoked ||
      token->rotated || token->expires_at <= ctx.clock.now()) {
    return out;
  }
  out.active = true;
  for (const auto& s : token->scopes) out.scope += (out.scope.empty() ? "" : " ") + s;
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
