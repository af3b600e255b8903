#pragma once
#include "oauth/grants/grant_handler.hpp"

namespace loginkit {
// RFC 6749 §4.1.3 with RFC 7636 and SPEC §2.2.
class AuthorizationCodeGrant final : public GrantHandler {
 public:
  Result<TokenResponse> handle(OAuthContext& ctx, const App& client, const Params& body) override;
};
}  // namespace loginkit
