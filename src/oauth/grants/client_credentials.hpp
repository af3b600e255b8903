#pragma once
#include "oauth/grants/grant_handler.hpp"

namespace loginkit {
// RFC 6749 §4.4; SPEC §2.2: only access_token (clt.), expires_in, token_type.
class ClientCredentialsGrant final : public GrantHandler {
 public:
  Result<TokenResponse> handle(TokenCall& call, const App& client) override;
};
}  // namespace loginkit
