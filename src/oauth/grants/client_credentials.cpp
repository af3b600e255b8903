#include "oauth/grants/client_credentials.hpp"

#include "oauth/access_validation.hpp"

namespace loginkit {

Result<TokenResponse> ClientCredentialsGrant::handle(TokenCall& call, const App& client) {
  OAuthContext& ctx = call.ctx;
  UnixSeconds now = ctx.clock.now();
  // Self-validating, so nothing is written: the token is durable the moment it is minted (the
  // server key behind its MAC outlives every restart).
  std::string access = mint_access_token(ctx, AccessClaims{AccessKind::kClient,
                                                           call.dialect.version(),
                                                           client.id,
                                                           now + ctx.config.client_ttl,
                                                           client.scopes,
                                                           {}});
  note(ctx, "loginkit_tokens_issued_total",
       "grant_type=\"client_credentials\"," + call.dialect.metric_label());
  TokenResponse out;
  out.access_token = std::move(access);
  out.expires_in = ctx.config.client_ttl;
  return out;
}

}  // namespace loginkit
