#include "oauth/token_endpoint.hpp"

#include "core/crypto.hpp"
#include "oauth/client_auth.hpp"

namespace loginkit {
namespace {

// SPEC §2.2: application/x-www-form-urlencoded, a charset (or any) parameter allowed.
bool is_form_content_type(std::optional<std::string_view> ct) {
  if (!ct) return false;
  std::string_view media = ct->substr(0, ct->find(';'));
  while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
  while (!media.empty() && media.front() == ' ') media.remove_prefix(1);
  return iequals(media, "application/x-www-form-urlencoded");
}

OAuthError malformed() {
  return make_error("invalid_request", "The request parameters are malformed.");
}

}  // namespace

Result<Params> parse_token_form(const TokenRequest& req) {
  if (!is_form_content_type(req.content_type)) return malformed();
  auto params = parse_form(req.body);
  if (!params) return malformed();
  if (auto dup = duplicated_parameter(*params)) {
    return make_error("invalid_request", "The parameter " + *dup + " was sent more than once.");
  }
  return std::move(*params);
}

std::string claimed_client_key(const Params& params) {
  if (auto k = params.get("client_key")) return std::string(*k);
  return params.get_or("client_id");
}

Result<TokenResponse> token_request(OAuthContext& ctx, const GrantRegistry& grants,
                                    const TokenRequest& req) {
  auto params = parse_token_form(req);
  if (!params) return params.error();
  auto grant_type = params->get("grant_type");
  if (!grant_type || grant_type->empty()) {
    return make_error("invalid_request", "The request is missing the grant_type parameter.");
  }
  auto client = authenticate_client(ctx, *params, req.authorization);
  if (!client) return client.error();
  GrantHandler* handler = grants.find(std::string(*grant_type));
  if (!handler) {
    return make_error("unsupported_grant_type",
                      "The grant_type " + std::string(*grant_type) + " is not supported.");
  }
  return handler->handle(ctx, *client, *params);
}

Status revoke_request(OAuthContext& ctx, const TokenRequest& req) {
  auto params = parse_token_form(req);
  if (!params) return params.error();
  auto client = authenticate_client(ctx, *params, req.authorization);
  if (!client) return client.error();
  auto presented = params->get("token");
  if (!presented || presented->empty()) {
    return make_error("invalid_request", "The request is missing the token parameter.");
  }
  // RFC 7009 §2.2: unknown, already revoked or foreign tokens all answer success unchanged.
  auto token = ctx.store.tokens().find_token(crypto::sha256_hex(*presented));
  if (!token || token->app_id != client->id || token->api_version != 2 || token->revoked) {
    return Ok{};
  }
  UnixSeconds now = ctx.clock.now();
  note(ctx, "loginkit_tokens_revoked_total", label("api_version", "2"));
  if (!token->grant_id) {
    ctx.store.tokens().revoke_token(token->hash, now);
    return Ok{};
  }
  // SPEC §2.3: revoking a user token disconnects the app from that user.
  if (auto grant = ctx.store.grants().find_grant(*token->grant_id)) {
    ctx.store.grants().disconnect(grant->user_id, grant->app_id, now);
    audit(ctx, "client:" + client->client_key, grant->app_id, "grant.disconnected",
          "user " + std::to_string(grant->user_id) + " via /v2/oauth/revoke");
  }
  return Ok{};
}

int token_error_status(const OAuthError& e, ErrorStatusMode mode) {
  if (mode == ErrorStatusMode::kPlatform) return 200;
  if (e.code == "invalid_client") return 401;
  if (e.code == "server_error") return 500;
  if (e.code == "temporarily_unavailable") return 503;
  return 400;
}

}  // namespace loginkit
