#include "oauth/introspect.hpp"

#include "core/crypto.hpp"
#include "oauth/client_auth.hpp"
#include "oauth/identity.hpp"

namespace loginkit {

Result<Introspection> introspect_request(OAuthContext& ctx, const TokenRequest& req) {
  auto params = parse_token_form(req);
  if (!params) return params.error();
  auto client = authenticate_client(ctx, *params, req.authorization);
  if (!client) return client.error();
  auto presented = params->get("token");
  if (!presented || presented->empty()) {
    return make_error("invalid_request", "The request is missing the token parameter.");
  }
  Introspection out;
  auto token = ctx.store.tokens().find_token(crypto::sha256_hex(*presented));
  if (!token || token->app_id != client->id || token->api_version != 2 || token->revoked ||
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
