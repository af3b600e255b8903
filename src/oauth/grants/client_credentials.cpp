#include "oauth/grants/client_credentials.hpp"

#include "core/crypto.hpp"
#include "oauth/token_minting.hpp"

namespace loginkit {

Result<TokenResponse> ClientCredentialsGrant::handle(TokenCall& call, const App& client) {
  OAuthContext& ctx = call.ctx;
  UnixSeconds now = ctx.clock.now();
  std::string access = crypto::random_token(kClientPrefix);
  ctx.store.tokens().insert_token(Token{crypto::sha256_hex(access), TokenKind::kClient, client.id,
                                        std::nullopt, client.scopes, call.dialect.version(),
                                        now + ctx.config.client_ttl});
  note(ctx, "loginkit_tokens_issued_total",
       "grant_type=\"client_credentials\"," + call.dialect.metric_label());
  TokenResponse out;
  out.access_token = std::move(access);
  out.expires_in = ctx.config.client_ttl;
  return out;
}

}  // namespace loginkit
