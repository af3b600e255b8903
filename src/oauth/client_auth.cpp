#include "oauth/client_auth.hpp"

#include "core/crypto.hpp"

namespace loginkit {
namespace {

struct BasicCredentials {
  std::string id;
  std::string secret;
};

// RFC 6749 §2.3.1 / RFC 7617: "Basic base64(urlencode(id):urlencode(secret))".
std::optional<BasicCredentials> parse_basic(std::string_view header, bool& malformed) {
  malformed = false;
  if (header.size() < 6 || !iequals(header.substr(0, 6), "basic ")) return std::nullopt;
  std::string_view encoded = header.substr(6);
  while (!encoded.empty() && encoded.front() == ' ') encoded.remove_prefix(1);
  bool ok = false;
  std::string decoded = crypto::base64_decode(encoded, ok);
  auto colon = decoded.find(':');
  if (!ok || colon == std::string::npos) {
    malformed = true;
    return std::nullopt;
  }
  auto id = percent_decode(std::string_view(decoded).substr(0, colon), true);
  auto secret = percent_decode(std::string_view(decoded).substr(colon + 1), true);
  if (!id || !secret) {
    malformed = true;
    return std::nullopt;
  }
  return BasicCredentials{std::move(*id), std::move(*secret)};
}

OAuthError invalid_client() {
  return make_error("invalid_client", "Client authentication failed.", 401);
}

}  // namespace

std::optional<std::string> basic_client_id(std::string_view authorization_header) {
  bool malformed = false;
  auto basic = parse_basic(authorization_header, malformed);
  if (!basic) return std::nullopt;
  return std::move(basic->id);
}

std::optional<std::string> duplicated_parameter(const Params& params) {
  const auto& items = params.items();
  for (std::size_t i = 0; i < items.size(); ++i) {
    for (std::size_t j = i + 1; j < items.size(); ++j) {
      if (items[i].first == items[j].first) return items[i].first;
    }
  }
  return std::nullopt;
}

Result<App> authenticate_client(OAuthContext& ctx, const Params& body,
                                std::optional<std::string_view> authorization_header) {
  bool malformed = false;
  std::optional<BasicCredentials> basic;
  if (authorization_header) basic = parse_basic(*authorization_header, malformed);
  if (malformed) {
    return make_error("invalid_request", "The Authorization header is malformed.");
  }
  // Every identity the client sent must name the same client (SPEC §2.2, decided).
  std::optional<std::string> id;
  auto consider_id = [&](std::optional<std::string_view> v) -> bool {
    if (!v) return true;
    if (id && *id != *v) return false;
    id = std::string(*v);
    return true;
  };
  if (!consider_id(body.get("client_key")) || !consider_id(body.get("client_id")) ||
      !consider_id(basic ? std::optional<std::string_view>(basic->id) : std::nullopt)) {
    return make_error("invalid_request", "The request names two different clients.");
  }
  auto body_secret = body.get("client_secret");
  if (basic && body_secret && *body_secret != basic->secret) {
    return make_error("invalid_request", "The request carries two different client secrets.");
  }
  if (!id || id->empty()) return invalid_client();
  auto app = ctx.store.apps().find_app_core_by_key(*id);
  std::string secret = basic ? basic->secret : std::string(body_secret.value_or(""));
  // Hash first and compare in constant time, whether or not the client exists.
  std::string presented = crypto::sha256_hex(secret);
  bool matches = app && crypto::constant_time_equal(presented, app->secret_hash);
  if (!app || secret.empty() || !matches) {
    auto err = invalid_client();
    err.debug = app ? "wrong client secret" : "unknown client_key";
    return err;
  }
  return std::move(*app);
}

}  // namespace loginkit
