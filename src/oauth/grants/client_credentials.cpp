#include "oauth/grants/client_credentials.hpp"

#include "core/crypto.hpp"
#include "oauth/token_minting.hpp"

namespace loginkit {

Result<TokenResponse> ClientCredentialsGrant::handle(OAuthContext& ctx, const App& client,
                                                     const Params& body) {
  UnixSeconds now = ctx.clock.now();
  std::string access = crypto::random_token(kClientPrefix);
  ctx.store.tokens().insert_token(Token{crypto::sha256_hex(access), TokenKind::kClient, client.id,
                                        std::nullopt, client.scopes, 2,
                                        now + ctx.config.client_ttl});
  note(ctx, "loginkit_tokens_issued_total", "grant_type=\"client_credentials\",api_version=\"2\"");
  TokenResponse out;
  out.access_token = std::move(access);
  out.expires_in = ctx.config.client_ttl;
  return out;
}

}  // namespace loginkit
