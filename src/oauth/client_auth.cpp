#include "oauth/client_auth.hpp"

#include <cstdint>
#include <string>

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

Result<ClientCredentials> v2_client_credentials(const Params& body,
                                                std::optional<std::string_view> authorization) {
  bool malformed = false;
  std::optional<BasicCredentials> basic;
  if (authorization) basic = parse_basic(*authorization, malformed);
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
  ClientCredentials out{id.value_or(""), std::nullopt};
  if (basic) {
    out.secret = basic->secret;
  } else if (body_secret) {
    out.secret = std::string(*body_secret);
  }
  return out;
}

Result<App> authenticate_client(OAuthContext& ctx, const Dialect& d, const ClientCredentials& c,
                                SecretCheck check, CallTrace& trace) {
  if (c.id.empty()) return d.fail(Fail::kClientUnknown);
  auto app = ctx.store.apps().find_app_core_by_key(c.id);
  if (app) {
    trace.app_id = app->id;
    // SPEC §5: an app created after the v2-for-new-apps date has no v1 at all.
    if (auto refusal = d.app_refusal(ctx, *app)) return d.refuse(*refusal, trace);
    // Only a matched secret is proof: v1 refresh (no secret) judges nothing here.
    if (check == SecretCheck::kSkipped) return std::move(*app);
  }
  // Nothing below yields: the limit counts exactly the attempts judged (ClientAuthGate).
  if (trace.gate) {
    if (std::int64_t wait = trace.gate->admit_attempt(); wait > 0) {
      return d.fail(Fail::kRateLimited, std::to_string(wait), "failed-authentication limit");
    }
  }
  // Hash first and compare in constant time, whether or not the client exists.
  std::string secret = c.secret.value_or("");
  std::string presented = crypto::sha256_hex(secret);
  bool matches = app && crypto::constant_time_equal(presented, app->secret_hash);
  if (!app) return d.fail(Fail::kClientUnknown, {}, "unknown client_key");
  if (secret.empty() || !matches)
    return d.fail(Fail::kClientSecretWrong, {}, "wrong client secret");
  if (trace.gate) trace.gate->client_authenticated();
  return std::move(*app);
}

Result<App> authenticate_client(OAuthContext& ctx, const Params& body,
                                std::optional<std::string_view> authorization_header) {
  auto credentials = v2_client_credentials(body, authorization_header);
  if (!credentials) return credentials.error();
  CallTrace trace;
  return authenticate_client(ctx, v2_dialect(), *credentials, SecretCheck::kRequired, trace);
}

}  // namespace loginkit
