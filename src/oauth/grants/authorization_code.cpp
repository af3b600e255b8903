#include "oauth/grants/authorization_code.hpp"

#include "core/crypto.hpp"
#include "oauth/pkce.hpp"
#include "oauth/token_minting.hpp"
#include "store/handles.hpp"

namespace loginkit {

Result<TokenResponse> AuthorizationCodeGrant::handle(TokenCall& call, const App& client) {
  OAuthContext& ctx = call.ctx;
  const Dialect& d = call.dialect;
  auto code_param = call.params.get("code");
  if (!code_param || code_param->empty()) return d.fail(Fail::kMissingParameter, "code");
  HandleKey hash = handle_key(*code_param);
  auto code = ctx.store.codes().find_code(hash);
  if (!code) return d.fail(Fail::kCodeInvalid, {}, "unknown code");
  auto grant = ctx.store.grants().find_grant(code->grant_id);
  // A code belongs to the client it was issued to (RFC 6749 §4.1.3).
  if (!grant || grant->app_id != client.id) {
    return d.fail(Fail::kCodeInvalid, {}, "code of another client");
  }
  // SPEC §3 no mixing: a code of the other version is refused here.
  if (!d.owns(grant->api_version))
    return d.fail(Fail::kCodeInvalid, {}, "code of the other version");
  call.trace.platform = platform_name(grant->platform);
  if (auto refusal = d.flow_refusal(ctx, client, grant->platform)) {
    return d.refuse(*refusal, call.trace);
  }
  UnixSeconds now = ctx.clock.now();
  // RFC 6749 §4.1.2 / RFC 9700 §4.5: a replayed code revokes everything it issued.
  if (code->consumed) {
    note(ctx, "loginkit_codes_replayed_total", d.metric_label());
    ctx.store.grants().revoke_grant(grant->id, now);
    return d.fail(Fail::kCodeReplayed, {}, "code replay; grant revoked");
  }
  if (code->expires_at <= now) return d.fail(Fail::kCodeInvalid, {}, "code expired");
  if (grant->revoked) return d.fail(Fail::kCodeInvalid, {}, "grant revoked");
  // RFC 6749 §4.1.3: redirect_uri must equal the one authorized (v1: when sent, SPEC §3).
  auto uri = call.params.get_or("redirect_uri");
  if ((d.requires_redirect_uri_at_token() || !uri.empty()) && uri != code->redirect_uri) {
    return d.fail(Fail::kRedirectUriMismatch);
  }
  // RFC 7636 §4.6; the verifier is ignored when no challenge was sent (SPEC §2.2).
  if (!code->code_challenge.empty()) {
    auto verifier = call.params.get("code_verifier");
    if (!verifier || verifier->empty()) return d.fail(Fail::kMissingParameter, "code_verifier");
    if (!pkce::verifier_matches(code->code_challenge, *verifier)) {
      return d.fail(Fail::kVerifierMismatch);
    }
  }
  MintedPair minted;
  auto redeemed = retry_on_duplicate_id([&] {
    minted =
        mint_user_tokens(ctx, *grant, now + d.refresh_ttl(ctx.config), d.access_ttl(ctx.config));
    return ctx.store.codes().redeem_code(hash, now, minted.issued);
  });
  if (redeemed == RedeemOutcome::kAlreadyConsumed) {
    // Lost a race with another redemption of the same code: that is a replay too.
    note(ctx, "loginkit_codes_replayed_total", d.metric_label());
    ctx.store.grants().revoke_grant(grant->id, now);
    return d.fail(Fail::kCodeReplayed, {}, "concurrent code replay; grant revoked");
  }
  note(ctx, "loginkit_tokens_issued_total",
       "grant_type=\"authorization_code\"," + d.metric_label());
  return std::move(minted.response);
}

}  // namespace loginkit
