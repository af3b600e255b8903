#include "oauth/grants/authorization_code.hpp"

#include "core/crypto.hpp"
#include "oauth/pkce.hpp"
#include "oauth/token_minting.hpp"

namespace loginkit {
namespace {

OAuthError bad_code(std::string debug) {
  return make_error("invalid_grant", "Authorization code is invalid or expired.", 400,
                    std::move(debug));
}

}  // namespace

Result<TokenResponse> AuthorizationCodeGrant::handle(OAuthContext& ctx, const App& client,
                                                     const Params& body) {
  auto code_param = body.get("code");
  if (!code_param || code_param->empty()) {
    return make_error("invalid_request", "The request is missing the code parameter.");
  }
  std::string hash = crypto::sha256_hex(*code_param);
  auto code = ctx.store.codes().find_code(hash);
  if (!code) return bad_code("unknown code");
  auto grant = ctx.store.grants().find_grant(code->grant_id);
  // A code belongs to the client it was issued to (RFC 6749 §4.1.3).
  if (!grant || grant->app_id != client.id) return bad_code("code of another client");
  // SPEC §3 no mixing: a v1 code is refused here.
  if (grant->api_version != 2) return bad_code("v1 code at the v2 token endpoint");
  UnixSeconds now = ctx.clock.now();
  // RFC 6749 §4.1.2 / RFC 9700 §4.5: a replayed code revokes everything it issued.
  if (code->consumed) {
    note(ctx, "loginkit_codes_replayed_total", label("api_version", "2"));
    ctx.store.grants().revoke_grant(grant->id, now);
    return make_error("invalid_grant", "Authorization code has already been used.", 400,
                      "code replay; grant revoked");
  }
  if (code->expires_at <= now) return bad_code("code expired");
  if (grant->revoked) return bad_code("grant revoked");
  // RFC 6749 §4.1.3: redirect_uri must equal the one authorized.
  if (body.get_or("redirect_uri") != code->redirect_uri) {
    return make_error("invalid_grant",
                      "Redirect_uri is not matched with the uri when requesting code.");
  }
  // RFC 7636 §4.6; the verifier is ignored when no challenge was sent (SPEC §2.2).
  if (!code->code_challenge.empty()) {
    auto verifier = body.get("code_verifier");
    if (!verifier || verifier->empty()) {
      return make_error("invalid_request", "The request is missing the code_verifier parameter.");
    }
    if (!pkce::verifier_matches(code->code_challenge, *verifier)) {
      return make_error("invalid_grant", "Code verifier does not match the code challenge.");
    }
  }
  auto minted = mint_user_tokens(ctx, *grant, now + ctx.config.refresh_ttl, ctx.config.access_ttl);
  if (ctx.store.codes().redeem_code(hash, now, minted.issued) == RedeemOutcome::kAlreadyConsumed) {
    // Lost a race with another redemption of the same code: that is a replay too.
    note(ctx, "loginkit_codes_replayed_total", label("api_version", "2"));
    ctx.store.grants().revoke_grant(grant->id, now);
    return make_error("invalid_grant", "Authorization code has already been used.", 400,
                      "concurrent code replay; grant revoked");
  }
  note(ctx, "loginkit_tokens_issued_total", "grant_type=\"authorization_code\",api_version=\"2\"");
  return std::move(minted.response);
}

}  // namespace loginkit
