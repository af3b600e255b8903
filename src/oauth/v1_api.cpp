#include "oauth/v1_api.hpp"

#include "core/crypto.hpp"
#include "oauth/identity.hpp"
#include "oauth/sunset.hpp"
#include "oauth/token_minting.hpp"

namespace loginkit {
namespace {

std::optional<std::string_view> required(const Params& p, std::string_view name) {
  auto v = p.get(name);
  if (!v || v->empty()) return std::nullopt;
  return v;
}

OAuthError missing(std::string_view name) {
  return v1_error(v1code::kMissingParameter, "Missing parameter: " + std::string(name) + ".");
}

// Applies the sunset policy to a call whose flow platform is known; fills the counter fields.
std::optional<OAuthError> policy(OAuthContext& ctx, const App& app, Platform platform,
                                 V1Call& call) {
  call.app_id = app.id;
  call.platform = platform_name(platform);
  auto refusal = v1_refusal(ctx.config.sunset, ctx.clock.now(), app.created_at, platform);
  if (!refusal) return std::nullopt;
  call.outcome = "refused";
  return v1_error(v1code::kNotPermitted, refusal->message, refusal->rule);
}

Result<App> v1_client(OAuthContext& ctx, const Params& p, bool need_secret, V1Call& call) {
  auto key = required(p, "client_key");
  if (!key) return missing("client_key");
  auto app = ctx.store.apps().find_app_core_by_key(std::string(*key));
  if (!app) return v1_error(v1code::kClientKeyUnknown, "The client_key is not known.");
  call.app_id = app->id;
  // SPEC §5: an app created after the v2-for-new-apps date has no v1 at all.
  if (auto refusal = v1_app_refusal(ctx.config.sunset, ctx.clock.now(), app->created_at)) {
    call.outcome = "refused";
    return v1_error(v1code::kNotPermitted, refusal->message, refusal->rule);
  }
  if (need_secret) {
    auto secret = required(p, "client_secret");
    if (!secret) return missing("client_secret");
    if (!crypto::constant_time_equal(crypto::sha256_hex(*secret), app->secret_hash)) {
      return v1_error(v1code::kClientSecretWrong, "The client_key or client_secret is wrong.");
    }
  }
  return std::move(*app);
}

// A v1 access token that is live, for the revoke and user-info endpoints.
Result<Token> live_v1_access_token(OAuthContext& ctx, std::string_view presented) {
  auto bad = [](std::string debug) {
    return v1_error(v1code::kAccessTokenInvalid, "The access token is invalid or expired.",
                    std::move(debug));
  };
  if (!presented.starts_with(kAccessPrefix)) return bad("malformed");
  auto token = ctx.store.tokens().find_token(crypto::sha256_hex(presented));
  if (!token || token->kind != TokenKind::kAccess || !token->grant_id) return bad("unknown");
  // SPEC §3 no mixing: a v2 token is refused by every v1 endpoint.
  if (token->api_version != 1) return bad("v2 token at a v1 endpoint");
  if (token->revoked || token->expires_at <= ctx.clock.now()) return bad("revoked or expired");
  return std::move(*token);
}

}  // namespace

OAuthError v1_error(int code, std::string description, std::string debug) {
  return make_error(std::to_string(code), std::move(description), 200, std::move(debug));
}

int v1_error_code(const OAuthError& e) {
  try {
    return std::stoi(e.code);
  } catch (...) {
    return v1code::kParameterError;
  }
}

Result<TokenResponse> v1_access_token(OAuthContext& ctx, const Params& p, V1Call& call) {
  call.endpoint = "access_token";
  for (auto name : {"client_key", "client_secret", "code", "grant_type"}) {
    if (!required(p, name)) return missing(name);
  }
  if (p.get_or("grant_type") != "authorization_code") {
    return v1_error(v1code::kParameterError, "grant_type must be authorization_code.");
  }
  auto app = v1_client(ctx, p, true, call);
  if (!app) return app.error();
  std::string hash = crypto::sha256_hex(p.get_or("code"));
  auto code = ctx.store.codes().find_code(hash);
  auto grant = code ? ctx.store.grants().find_grant(code->grant_id) : std::nullopt;
  auto bad = [](std::string debug) {
    return v1_error(v1code::kCodeInvalid, "The authorization code is invalid or expired.",
                    std::move(debug));
  };
  if (!grant || grant->app_id != app->id) return bad("unknown code");
  if (grant->api_version != 1) return bad("v2 code at the v1 token endpoint");
  if (auto refused = policy(ctx, *app, grant->platform, call)) return *refused;
  UnixSeconds now = ctx.clock.now();
  if (code->consumed) {
    note(ctx, "loginkit_codes_replayed_total", label("api_version", "1"));
    ctx.store.grants().revoke_grant(grant->id, now);  // a replayed code revokes what it issued
    return bad("code replay; grant revoked");
  }
  if (code->expires_at <= now || grant->revoked) return bad("expired or revoked");
  // Clients that send redirect_uri must send the one they authorized with.
  if (auto uri = p.get("redirect_uri"); uri && !uri->empty() && *uri != code->redirect_uri) {
    return v1_error(v1code::kIllegalRedirectUri,
                    "redirect_uri does not match the one used to request the code.");
  }
  const auto& s = ctx.config.sunset;
  auto minted = mint_user_tokens(ctx, *grant, now + s.v1_refresh_ttl, s.v1_access_ttl);
  if (ctx.store.codes().redeem_code(hash, now, minted.issued) != RedeemOutcome::kRedeemed) {
    ctx.store.grants().revoke_grant(grant->id, now);
    return bad("concurrent code replay; grant revoked");
  }
  call.outcome = "accepted";
  note(ctx, "loginkit_tokens_issued_total", "grant_type=\"authorization_code\",api_version=\"1\"");
  return std::move(minted.response);
}

Result<TokenResponse> v1_refresh_token(OAuthContext& ctx, const Params& p, V1Call& call) {
  call.endpoint = "refresh_token";
  for (auto name : {"client_key", "grant_type", "refresh_token"}) {
    if (!required(p, name)) return missing(name);
  }
  if (p.get_or("grant_type") != "refresh_token") {
    return v1_error(v1code::kParameterError, "grant_type must be refresh_token.");
  }
  auto app = v1_client(ctx, p, false, call);  // SPEC §3: no secret on v1 refresh
  if (!app) return app.error();
  std::string hash = crypto::sha256_hex(p.get_or("refresh_token"));
  auto token = ctx.store.tokens().find_token(hash);
  auto bad = [](std::string debug) {
    return v1_error(v1code::kRefreshTokenInvalid, "The refresh token is invalid or expired.",
                    std::move(debug));
  };
  if (!token || token->kind != TokenKind::kRefresh || !token->grant_id ||
      token->app_id != app->id) {
    return bad("unknown refresh token");
  }
  if (token->api_version != 1) return bad("v2 refresh token at the v1 endpoint");
  auto grant = ctx.store.grants().find_grant(*token->grant_id);
  if (!grant) return bad("grant gone");
  if (auto refused = policy(ctx, *app, grant->platform, call)) return *refused;
  UnixSeconds now = ctx.clock.now();
  if (token->rotated) {
    ctx.store.grants().revoke_grant(grant->id, now);  // reuse detection, as in v2
    return bad("rotated refresh token reused; grant revoked");
  }
  if (token->revoked || grant->revoked || token->expires_at <= now) return bad("expired");
  auto minted =
      mint_user_tokens(ctx, *grant, grant->refresh_deadline, ctx.config.sunset.v1_access_ttl);
  if (ctx.store.tokens().rotate_refresh(hash, now, minted.issued) != RotateOutcome::kRotated) {
    ctx.store.grants().revoke_grant(grant->id, now);
    return bad("concurrent refresh reuse; grant revoked");
  }
  call.outcome = "accepted";
  note(ctx, "loginkit_tokens_refreshed_total", label("api_version", "1"));
  return std::move(minted.response);
}

Status v1_revoke(OAuthContext& ctx, const Params& p, V1Call& call) {
  call.endpoint = "revoke";
  for (auto name : {"open_id", "access_token"}) {
    if (!required(p, name)) return missing(name);
  }
  auto token = live_v1_access_token(ctx, p.get_or("access_token"));
  if (!token) return token.error();
  auto grant = ctx.store.grants().find_grant(*token->grant_id);
  auto app = grant ? ctx.store.apps().find_app_core(grant->app_id) : std::nullopt;
  if (!grant || !app) return v1_error(v1code::kAccessTokenInvalid, "The access token is invalid.");
  call.app_id = app->id;
  if (open_id(ctx.server_key, app->id, grant->user_id) != p.get_or("open_id")) {
    return v1_error(v1code::kParameterError, "open_id does not match the access token.");
  }
  if (auto refused = policy(ctx, *app, grant->platform, call)) return *refused;
  ctx.store.grants().disconnect(grant->user_id, grant->app_id, ctx.clock.now());
  audit(ctx, "client:" + app->client_key, app->id, "grant.disconnected",
        "user " + std::to_string(grant->user_id) + " via /oauth/revoke");
  note(ctx, "loginkit_tokens_revoked_total", label("api_version", "1"));
  call.outcome = "accepted";
  return Ok{};
}

Result<UserFields> v1_user_info(OAuthContext& ctx, const V1UserInfoRequest& req, V1Call& call) {
  call.endpoint = "user_info";
  if (req.access_token.empty()) return missing("access_token");
  auto token = live_v1_access_token(ctx, req.access_token);
  if (!token) return token.error();
  auto grant = ctx.store.grants().find_grant(*token->grant_id);
  auto app = grant ? ctx.store.apps().find_app_core(grant->app_id) : std::nullopt;
  auto user = grant ? ctx.store.users().find_user(grant->user_id) : std::nullopt;
  if (!grant || !app || !user) {
    return v1_error(v1code::kAccessTokenInvalid, "The access token is invalid.");
  }
  call.app_id = app->id;
  const std::string& key = ctx.server_key;
  std::string oid = open_id(key, app->id, user->id);
  if (req.open_id && !req.open_id->empty() && *req.open_id != oid) {
    return v1_error(v1code::kParameterError, "open_id does not match the access token.");
  }
  if (auto refused = policy(ctx, *app, grant->platform, call)) return *refused;
  std::vector<std::string> wanted = req.fields;
  if (wanted.empty()) wanted = {"open_id", "union_id", "avatar_url", "display_name"};
  UserFields out;
  for (const auto& f : wanted) {
    auto scope = field_scope(f);
    if (!scope || !contains(token->scopes, *scope)) continue;  // unknown or unscoped: left out
    bool seen = false;
    for (const auto& [name, _] : out) seen = seen || name == f;
    if (!seen)
      out.emplace_back(f, user_field(f, *user, oid, union_id(key, app->developer_id, user->id)));
  }
  call.outcome = "accepted";
  return out;
}

void record_v1_call(OAuthContext& ctx, const V1Call& call) {
  if (call.outcome == "refused") {
    note(ctx, "loginkit_v1_refused_total", label("endpoint", call.endpoint));
  }
  if (!call.app_id) return;  // nothing to attribute a call to an unknown client key
  UnixSeconds now = ctx.clock.now();
  ctx.store.v1_usage().count_v1_call(
      {*call.app_id, now - now % 86400, call.endpoint, call.platform, call.outcome, 1});
}

}  // namespace loginkit
