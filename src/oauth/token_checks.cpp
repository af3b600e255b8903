#include "oauth/token_checks.hpp"

#include <array>

namespace loginkit {
namespace {

constexpr std::array<NamedTokenCheck, 3> kChecks{{
    {"grant_type_present", &check_grant_type_present},
    {"client_authenticated", &check_client_authenticated},
    {"grant_type_supported", &check_grant_type_supported},
}};

}  // namespace

std::span<const NamedTokenCheck> token_checks() {
  return kChecks;
}

// RFC 6749 §4.1.3 / §6: grant_type is required.
std::optional<OAuthError> check_grant_type_present(TokenDraft& d) {
  auto grant_type = d.params.get("grant_type");
  if (!grant_type || grant_type->empty()) {
    return d.dialect.fail(Fail::kMissingParameter, "grant_type");
  }
  d.grant_type = std::string(*grant_type);
  return std::nullopt;
}

// RFC 6749 §2.3 (SPEC §2.2; §3 for v1, whose refresh sends no secret).
std::optional<OAuthError> check_client_authenticated(TokenDraft& d) {
  if (!d.credentials) return d.credentials.error();
  auto client = authenticate_client(d.ctx, d.dialect, d.credentials.value(), d.secret, d.trace);
  if (!client) return client.error();
  d.client = std::move(*client);
  return std::nullopt;
}

// RFC 6749 §5.2 unsupported_grant_type: the dialect's registry says which grants exist.
std::optional<OAuthError> check_grant_type_supported(TokenDraft& d) {
  d.handler = d.grants.find(d.grant_type);
  if (!d.handler) return d.dialect.fail(Fail::kUnsupportedGrantType, d.grant_type);
  return std::nullopt;
}

}  // namespace loginkit
