#include "oauth/token_minting.hpp"

#include "core/crypto.hpp"
#include "oauth/access_validation.hpp"
#include "oauth/identity.hpp"
#include "store/handles.hpp"

namespace loginkit {

MintedPair mint_user_tokens(OAuthContext& ctx, const Grant& grant, UnixSeconds refresh_deadline,
                            std::int64_t access_ttl) {
  UnixSeconds now = ctx.clock.now();
  // Self-validating: only the refresh token is stored.
  std::string access = mint_access_token(
      ctx, AccessClaims{
               AccessKind::kUser, grant.api_version, grant.id, now + access_ttl, grant.scopes, {}});
  Id refresh_id = next_handle_id();
  std::string refresh = mint_handle(kRefreshPrefix, refresh_id);
  MintedPair out;
  out.issued.refresh_deadline = refresh_deadline;
  out.issued.tokens.push_back(Token{new_handle_key(refresh, refresh_id).hash, TokenKind::kRefresh,
                                    grant.app_id, grant.id, grant.scopes, grant.api_version,
                                    refresh_deadline, false, false, refresh_id});
  out.response.access_token = std::move(access);
  out.response.expires_in = access_ttl;
  out.response.user = TokenResponse::UserPart{open_id(ctx.server_key, grant.app_id, grant.user_id),
                                              std::max<std::int64_t>(0, refresh_deadline - now),
                                              std::move(refresh), join_scopes(grant.scopes)};
  return out;
}

}  // namespace loginkit
