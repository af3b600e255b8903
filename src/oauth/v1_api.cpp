#include "oauth/v1_api.hpp"

#include "oauth/client_auth.hpp"
#include "oauth/identity.hpp"
#include "oauth/token_endpoint.hpp"

namespace loginkit {
namespace {

const Dialect& v1() {
  return v1_dialect();
}

// SPEC §3: each v1 token endpoint names its parameters, all required, and serves one grant type.
std::optional<OAuthError> v1_shape(const Params& p, std::initializer_list<const char*> required,
                                   std::string_view grant_type) {
  for (const char* name : required) {
    auto v = p.get(name);
    if (!v || v->empty()) return v1().fail(Fail::kMissingParameter, name);
  }
  if (p.get_or("grant_type") != grant_type) {
    return v1().fail(Fail::kWrongGrantType, std::string(grant_type));
  }
  return std::nullopt;
}

ClientCredentials v1_credentials(const Params& p) {
  ClientCredentials c{p.get_or("client_key"), std::nullopt};
  if (auto s = p.get("client_secret")) c.secret = std::string(*s);
  return c;
}

// The live v1 access token a revoke or user-info call presents, with its grant and app; the
// trace learns the app and the sunset policy is applied to the token's flow.
struct V1Access {
  AccessContext access;
  Grant grant;
  App app;
};

Result<V1Access> v1_access(OAuthContext& ctx, std::string_view presented,
                           const std::optional<std::string>& open_id_sent, V1Call& call) {
  auto access = live_access_token(ctx, v1(), presented);
  if (!access) return access.error();
  auto grant = ctx.store.grants().find_grant(*access->token.grant_id);
  auto app = grant ? ctx.store.apps().find_app_core(grant->app_id) : std::nullopt;
  if (!grant || !app) return v1().fail(Fail::kAccessTokenInvalid, {}, "grant or app gone");
  call.app_id = app->id;
  if (open_id_sent && !open_id_sent->empty() &&
      *open_id_sent != open_id(ctx.server_key, app->id, grant->user_id)) {
    return v1().fail(Fail::kOpenIdMismatch);
  }
  call.platform = platform_name(grant->platform);
  if (auto refusal = v1().flow_refusal(ctx, *app, grant->platform)) {
    return v1().refuse(*refusal, call);
  }
  return V1Access{std::move(*access), std::move(*grant), std::move(*app)};
}

}  // namespace

Result<TokenResponse> v1_access_token(OAuthContext& ctx, const Params& p, V1Call& call) {
  call.endpoint = "access_token";
  if (auto bad = v1_shape(p, {"client_key", "client_secret", "code", "grant_type"},
                          "authorization_code")) {
    return *bad;
  }
  return exchange_token(ctx, v1(), v1().grants(), p, v1_credentials(p), SecretCheck::kRequired,
                        call);
}

Result<TokenResponse> v1_refresh_token(OAuthContext& ctx, const Params& p, V1Call& call) {
  call.endpoint = "refresh_token";
  if (auto bad = v1_shape(p, {"client_key", "grant_type", "refresh_token"}, "refresh_token")) {
    return *bad;
  }
  // SPEC §3: no secret on v1 refresh.
  return exchange_token(ctx, v1(), v1().grants(), p, v1_credentials(p), SecretCheck::kSkipped,
                        call);
}

Status v1_revoke(OAuthContext& ctx, const Params& p, V1Call& call) {
  call.endpoint = "revoke";
  for (const char* name : {"open_id", "access_token"}) {
    auto v = p.get(name);
    if (!v || v->empty()) return v1().fail(Fail::kMissingParameter, name);
  }
  auto found = v1_access(ctx, p.get_or("access_token"), p.get_or("open_id"), call);
  if (!found) return found.error();
  disconnect_grant(ctx, found->app, found->grant, "/oauth/revoke");
  note(ctx, "loginkit_tokens_revoked_total", v1().metric_label());
  call.outcome = "accepted";
  return Ok{};
}

Result<UserFields> v1_user_info(OAuthContext& ctx, const V1UserInfoRequest& req, V1Call& call) {
  call.endpoint = "user_info";
  if (req.access_token.empty()) return v1().fail(Fail::kMissingParameter, "access_token");
  auto found = v1_access(ctx, req.access_token, req.open_id, call);
  if (!found) return found.error();
  const User& user = found->access.user;
  const std::string& key = ctx.server_key;
  std::string oid = open_id(key, found->app.id, user.id);
  std::vector<std::string> wanted = req.fields;
  if (wanted.empty()) wanted = {"open_id", "union_id", "avatar_url", "display_name"};
  UserFields out;
  // v1 answers in the order asked, each field once; unknown or unscoped fields are left out.
  for (const auto& f : wanted) {
    auto scope = field_scope(f);
    if (!scope || !contains(found->access.token.scopes, *scope)) continue;
    bool seen = false;
    for (const auto& [name, _] : out) seen = seen || name == f;
    if (!seen) {
      out.emplace_back(f,
                       user_field(f, user, oid, union_id(key, found->app.developer_id, user.id)));
    }
  }
  call.outcome = "accepted";
  return out;
}

}  // namespace loginkit
