#pragma once
// RFC 7662 token introspection for authenticated clients, so resource servers can check
// loginkit's tokens without reading its database.
#include <cstdint>
#include <string>

#include "core/error.hpp"
#include "oauth/context.hpp"
#include "oauth/token_endpoint.hpp"

namespace loginkit {

struct Introspection {
  bool active = false;
  std::string scope;       // space-separated (RFC 7662 §2.2)
  std::string client_id;   // the client key the token was issued to
  std::string token_type;  // "Bearer" for access tokens, "refresh_token" for refresh tokens
  std::string sub;         // the user's open_id for this app (absent for client tokens)
  std::int64_t exp = 0;
};

// Tokens of other clients, v1 tokens and unknown, expired, rotated or revoked tokens are all
// simply inactive (RFC 7662 §2.2: no reason is given).
Result<Introspection> introspect_request(OAuthContext& ctx, const TokenForm& form,
                                         ClientAuthGate* gate = nullptr);

}  // namespace loginkit
