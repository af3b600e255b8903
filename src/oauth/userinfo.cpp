#include "oauth/userinfo.hpp"

#include <array>

#include "core/crypto.hpp"
#include "core/form.hpp"
#include "oauth/access_validation.hpp"
#include "oauth/identity.hpp"
#include "oauth/token_minting.hpp"

namespace loginkit {
namespace {

struct FieldRule {
  std::string_view name;
  std::string_view scope;
};

constexpr std::array kFields = {
    FieldRule{"open_id", "user.info.basic"},
    FieldRule{"union_id", "user.info.basic"},
    FieldRule{"avatar_url", "user.info.basic"},
    FieldRule{"avatar_url_100", "user.info.basic"},
    FieldRule{"avatar_large_url", "user.info.basic"},
    FieldRule{"display_name", "user.info.basic"},
    FieldRule{"bio_description", "user.info.profile"},
    FieldRule{"profile_deep_link", "user.info.profile"},
    FieldRule{"is_verified", "user.info.profile"},
    FieldRule{"username", "user.info.profile"},
    FieldRule{"follower_count", "user.info.stats"},
    FieldRule{"following_count", "user.info.stats"},
    FieldRule{"likes_count", "user.info.stats"},
    FieldRule{"video_count", "user.info.stats"},
};

}  // namespace

FieldValue user_field(std::string_view field, const User& user, const std::string& open_id,
                      const std::string& union_id) {
  if (field == "open_id") return open_id;
  if (field == "union_id") return union_id;
  if (field == "avatar_url" || field == "avatar_url_100" || field == "avatar_large_url")
    return user.avatar_url;
  if (field == "display_name") return user.display_name;
  if (field == "bio_description") return user.bio_description;
  if (field == "profile_deep_link") return "https://loginkit.local/@" + user.username;
  if (field == "is_verified") return user.is_verified;
  if (field == "username") return user.username;
  if (field == "follower_count") return user.follower_count;
  if (field == "following_count") return user.following_count;
  if (field == "likes_count") return user.likes_count;
  return user.video_count;
}

std::optional<std::string_view> field_scope(std::string_view field) {
  for (const auto& r : kFields) {
    if (r.name == field) return r.scope;
  }
  return std::nullopt;
}

std::optional<std::string_view> bearer_token(std::optional<std::string_view> authorization) {
  if (!authorization || authorization->size() < 7 ||
      !iequals(authorization->substr(0, 7), "bearer ")) {
    return std::nullopt;
  }
  std::string_view token = authorization->substr(7);
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  if (token.empty()) return std::nullopt;
  return token;
}

Result<AccessContext> live_access_token(OAuthContext& ctx, const Dialect& d,
                                        std::string_view presented) {
  auto bad = [&](std::string debug) {
    return d.fail(Fail::kAccessTokenInvalid, {}, std::move(debug));
  };
  // Cheap shape check first: "Bearer undefined" and friends never reach storage.
  if (!presented.starts_with(kAccessPrefix)) return bad("malformed");
  if (is_self_validating(presented)) return live_self_validating_token(ctx, d, presented);
  // Tokens minted before access tokens became self-validating: their stored row decides.
  // Client tokens have no grant, so they never join: they are refused like unknown ones.
  auto access = ctx.store.tokens().find_access_context(crypto::sha256_hex(presented));
  const Token* token = access ? &access->token : nullptr;
  if (!token || token->kind != TokenKind::kAccess || !token->grant_id) {
    return bad("unknown access token");
  }
  // SPEC §3 no mixing.
  if (!d.owns(token->api_version)) return bad("token of the other version");
  if (token->revoked) return bad("revoked");
  if (token->expires_at <= ctx.clock.now()) return bad("expired");
  return std::move(*access);
}

Result<UserFields> user_info(OAuthContext& ctx, std::optional<std::string_view> authorization,
                             std::optional<std::string_view> fields) {
  auto presented = bearer_token(authorization);
  auto access = live_access_token(ctx, v2_dialect(), presented.value_or(""));
  if (!access) return access.error();
  const Token* token = &access->token;

  bool strict = ctx.config.userinfo == UserInfoMode::kStrict;
  std::vector<std::string> wanted;
  for (auto& f : parse_scopes(fields.value_or(""))) wanted.push_back(f);
  if (wanted.empty()) return make_error("invalid_params", "The fields parameter is required.");

  const User* user = &access->user;
  const std::string& key = ctx.server_key;
  std::string oid = open_id(key, token->app_id, user->id);
  std::string uid = union_id(key, access->developer_id, user->id);
  UserFields out;
  // Answer in the documented field order, whatever order the client asked in.
  for (const auto& rule : kFields) {
    bool asked = false;
    for (const auto& w : wanted) asked = asked || w == rule.name;
    if (!asked) continue;
    if (!contains(token->scopes, rule.scope)) {
      if (strict) {
        return make_error("scope_permission_missed", "The field " + std::string(rule.name) +
                                                         " needs the scope " +
                                                         std::string(rule.scope) + ".");
      }
      continue;
    }
    out.emplace_back(std::string(rule.name), user_field(rule.name, *user, oid, uid));
  }
  if (strict) {
    for (const auto& w : wanted) {
      if (!field_scope(w)) return make_error("invalid_params", "Unknown field: " + w + ".");
    }
  }
  return out;
}

}  // namespace loginkit
