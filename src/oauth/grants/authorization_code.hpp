#pragma once
#include "oauth/grants/grant_handler.hpp"

namespace loginkit {
// RFC 6749 §4.1.3 with RFC 7636 and SPEC §2.2.
class AuthorizationCodeGrant final : public GrantHandler {
 public:
  Result<TokenResponse> handle(TokenCall& call, const App& client) override;
};
}  // namespace loginkit
