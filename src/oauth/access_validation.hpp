#pragma once
// Issuing and accepting self-validating access tokens (oauth/access_token_codec.hpp) with the
// context's server key, the clock and the store's revocation state. Revocation is read from the
// store on every request, never remembered here, so it takes effect at once on every node.
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "oauth/access_token_codec.hpp"
#include "oauth/context.hpp"
#include "oauth/dialect.hpp"

namespace loginkit {

// A new token for `claims`; writes nothing.
std::string mint_access_token(const OAuthContext& ctx, AccessClaims claims);

// The claims of a presented self-validating token whose MAC holds (`check_expiry`: and that has
// not expired), or why not.
OpenedAccessToken open_presented(const OAuthContext& ctx, std::string_view presented,
                                 bool check_expiry);

// A live self-validating user token of the dialect's version with its grant's user: bad MAC,
// expired, client token, other version, grant gone or revoked, token denied all fail with
// access_token_invalid (as the stored-token path does).
Result<AccessContext> live_self_validating_token(OAuthContext& ctx, const Dialect& d,
                                                 std::string_view presented);

}  // namespace loginkit
