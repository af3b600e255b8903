#include "oauth/grants/refresh_token.hpp"

#include "core/crypto.hpp"
#include "oauth/token_minting.hpp"
#include "store/handles.hpp"

namespace loginkit {

Result<TokenResponse> RefreshTokenGrant::handle(TokenCall& call, const App& client) {
  OAuthContext& ctx = call.ctx;
  const Dialect& d = call.dialect;
  auto bad = [&](std::string debug) { return d.fail(Fail::kRefreshInvalid, {}, std::move(debug)); };
  auto presented = call.params.get("refresh_token");
  if (!presented || presented->empty()) return d.fail(Fail::kMissingParameter, "refresh_token");
  HandleKey hash = handle_key(*presented);
  auto token = ctx.store.tokens().find_token(hash);
  if (!token || token->kind != TokenKind::kRefresh || !token->grant_id) {
    return bad("unknown refresh token");
  }
  if (token->app_id != client.id) return bad("refresh token of another client");
  // SPEC §3 no mixing.
  if (!d.owns(token->api_version)) return bad("refresh token of the other version");
  auto grant = ctx.store.grants().find_grant(*token->grant_id);
  if (!grant) return bad("grant gone");
  call.trace.platform = platform_name(grant->platform);
  if (auto refusal = d.flow_refusal(ctx, client, grant->platform)) {
    return d.refuse(*refusal, call.trace);
  }
  UnixSeconds now = ctx.clock.now();
  if (token->revoked) return bad("revoked");
  // Reuse of a rotated token: someone holds a stolen copy, so the whole family dies.
  if (token->rotated) {
    note(ctx, "loginkit_refresh_reuse_total", d.metric_label());
    ctx.store.grants().revoke_grant(grant->id, now);
    return bad("rotated refresh token reused; grant revoked");
  }
  if (token->expires_at <= now) return bad("expired");
  if (grant->revoked) return bad("grant revoked");
  MintedPair minted;
  auto rotated = retry_on_duplicate_id([&] {
    minted = mint_user_tokens(ctx, *grant, grant->refresh_deadline, d.access_ttl(ctx.config));
    return ctx.store.tokens().rotate_refresh(hash, now, minted.issued);
  });
  if (rotated != RotateOutcome::kRotated) {
    // Lost a race: the same refresh token was used twice at once, which is reuse.
    note(ctx, "loginkit_refresh_reuse_total", d.metric_label());
    ctx.store.grants().revoke_grant(grant->id, now);
    return bad("concurrent refresh reuse; grant revoked");
  }
  note(ctx, "loginkit_tokens_refreshed_total", d.metric_label());
  return std::move(minted.response);
}

}  // namespace loginkit
