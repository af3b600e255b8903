#include "oauth/access_validation.hpp"

namespace loginkit {

std::string mint_access_token(const OAuthContext& ctx, AccessClaims claims) {
  return encode_access_token(access_token_key(ctx.server_key), std::move(claims));
}

OpenedAccessToken open_presented(const OAuthContext& ctx, std::string_view presented,
                                 bool check_expiry) {
  const std::string& key = access_token_key(ctx.server_key);
  return check_expiry ? check_access_token(key, presented, ctx.clock.now())
                      : open_access_token(key, presented);
}

Result<AccessContext> live_self_validating_token(OAuthContext& ctx, const Dialect& d,
                                                 std::string_view presented) {
  auto bad = [&](std::string debug) {
    return d.fail(Fail::kAccessTokenInvalid, {}, std::move(debug));
  };
  auto opened = open_presented(ctx, presented, true);
  if (!opened.claims) return bad(opened.problem);
  const AccessClaims& claims = *opened.claims;
  // Client tokens have no grant: refused like unknown ones.
  if (claims.kind != AccessKind::kUser) return bad("unknown access token");
  // SPEC §3 no mixing.
  if (!d.owns(claims.api_version)) return bad("token of the other version");
  auto found = ctx.store.grants().find_grant_context(claims.subject, access_token_id_hex(claims));
  if (!found) return bad("grant, app or user gone");
  // Code replay, refresh reuse, revoke and disconnect all revoke the grant.
  if (found->grant.revoked || found->token_denied) return bad("revoked");
  const Grant& g = found->grant;
  AccessContext out;
  out.token =
      Token{{}, TokenKind::kAccess, g.app_id, g.id, g.scopes, g.api_version, claims.expires_at};
  out.user_id = g.user_id;
  out.developer_id = found->developer_id;
  out.user = std::move(found->user);
  return out;
}

}  // namespace loginkit
