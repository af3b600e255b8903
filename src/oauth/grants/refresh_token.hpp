#pragma once
#include "oauth/grants/grant_handler.hpp"

namespace loginkit {
// RFC 6749 §6 with rotation and reuse detection (RFC 9700 §4.14.2, SPEC §2.2).
class RefreshTokenGrant final : public GrantHandler {
 public:
  Result<TokenResponse> handle(TokenCall& call, const App& client) override;
};
}  // namespace loginkit
