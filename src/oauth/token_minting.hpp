#pragma once
// Minting a user's access + refresh token pair for a grant (shared by the code and refresh
// grants, v1 and v2 alike).
#include <string>

#include "oauth/context.hpp"
#include "oauth/token_response.hpp"
#include "store/store.hpp"

namespace loginkit {

inline constexpr std::string_view kAccessPrefix = "act.";
inline constexpr std::string_view kRefreshPrefix = "rft.";
inline constexpr std::string_view kClientPrefix = "clt.";

struct MintedPair {
  IssuedTokens issued;     // what to store (hashes only)
  TokenResponse response;  // what to send (plain tokens)
};

MintedPair mint_user_tokens(OAuthContext& ctx, const Grant& grant, UnixSeconds refresh_deadline,
                            std::int64_t access_ttl);

}  // namespace loginkit
