#include "oauth/grants/refresh_token.hpp"

#include "core/crypto.hpp"
#include "oauth/token_minting.hpp"

namespace loginkit {
namespace {

OAuthError bad_refresh(std::string debug) {
  return make_error("invalid_grant", "Refresh token is invalid or expired.", 400, std::move(debug));
}

}  // namespace

Result<TokenResponse> RefreshTokenGrant::handle(OAuthContext& ctx, const App& client,
                                                const Params& body) {
  auto presented = body.get("refresh_token");
  if (!presented || presented->empty()) {
    return make_error("invalid_request", "The request is missing the refresh_token parameter.");
  }
  std::string hash = crypto::sha256_hex(*presented);
  auto token = ctx.store.tokens().find_token(hash);
  if (!token || token->kind != TokenKind::kRefresh || !token->grant_id) {
    return bad_refresh("unknown refresh token");
  }
  if (token->app_id != client.id) return bad_refresh("refresh token of another client");
  if (token->api_version != 2) return bad_refresh("v1 refresh token at the v2 endpoint");
  UnixSeconds now = ctx.clock.now();
  if (token->revoked) return bad_refresh("revoked");
  // Reuse of a rotated token: someone holds a stolen copy, so the whole family dies.
  if (token->rotated) {
    note(ctx, "loginkit_refresh_reuse_total", label("api_version", "2"));
    ctx.store.grants().revoke_grant(*token->grant_id, now);
    return bad_refresh("rotated refresh token reused; grant revoked");
  }
  if (token->expires_at <= now) return bad_refresh("expired");
  auto grant = ctx.store.grants().find_grant(*token->grant_id);
  if (!grant || grant->revoked) return bad_refresh("grant revoked");
  auto minted = mint_user_tokens(ctx, *grant, grant->refresh_deadline, ctx.config.access_ttl);
  if (ctx.store.tokens().rotate_refresh(hash, now, minted.issued) != RotateOutcome::kRotated) {
    // Lost a race: the same refresh token was used twice at once, which is reuse.
    note(ctx, "loginkit_refresh_reuse_total", label("api_version", "2"));
    ctx.store.grants().revoke_grant(grant->id, now);
    return bad_refresh("concurrent refresh reuse; grant revoked");
  }
  note(ctx, "loginkit_tokens_refreshed_total", label("api_version", "2"));
  return std::move(minted.response);
}

}  // namespace loginkit
