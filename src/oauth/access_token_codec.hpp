#pragma once
// Self-validating access tokens: the token carries what validating it needs (kind, api version,
// grant or app, expiry, scopes, a random token id) and a MAC over it, so issuing one writes
// nothing and checking one reads only the revocation state (its grant, its app, the deny-list).
//
//   prefix ("act." user token, "clt." client token) + base64url(body || mac)
//   body: format version (1), api version (1), kind (1), subject id (8, big-endian: the grant id
//         of a user token, the app id of a client token), expires_at (8), scope bits (2),
//         token id (14 random bytes)
//   mac:  the first 16 bytes of HMAC-SHA256(access key, prefix || body)
//
// 51 bytes encode to exactly 68 characters with no leftover bits, so each token has one spelling;
// the random tokens of earlier versions have 43, which is how the two formats are told apart.
// The access key is derived from the server key (never stored in the database), so a copy of the
// database cannot mint tokens.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/scopes.hpp"
#include "store/records.hpp"

namespace loginkit {

enum class AccessKind : std::uint8_t { kUser = 1, kClient = 2 };

struct AccessClaims {
  AccessKind kind = AccessKind::kUser;
  int api_version = 2;
  Id subject = 0;  // grant id (user token) or app id (client token)
  UnixSeconds expires_at = 0;
  ScopeList scopes;      // known scopes only (core/scopes.hpp)
  std::string token_id;  // 14 random bytes; the deny-list's key in hex
};

inline constexpr std::size_t kAccessTokenIdBytes = 14;
inline constexpr std::size_t kAccessBodyBytes = 21 + kAccessTokenIdBytes;
inline constexpr std::size_t kAccessMacBytes = 16;
inline constexpr std::size_t kAccessEncodedChars = (kAccessBodyBytes + kAccessMacBytes) / 3 * 4;

// HMAC(server key, fixed label): the MAC key of access tokens, never the server key itself (open_id
// and union_id use that). Cached per thread for the last server key seen.
const std::string& access_token_key(const std::string& server_key);

// A fresh token for `claims` (its token_id is filled in when empty).
std::string encode_access_token(const std::string& mac_key, AccessClaims claims);

// Whether `token` has the shape of a self-validating token: a known prefix and exactly the encoded
// length. Anything else is an earlier random token (or garbage) and goes the stored-hash way.
bool is_self_validating(std::string_view token);

struct OpenedAccessToken {
  std::optional<AccessClaims> claims;
  const char* problem = "";  // why not, for the debug log: never sent to the client
};

// MAC (constant time), format version, prefix/kind agreement; not the expiry.
OpenedAccessToken open_access_token(const std::string& mac_key, std::string_view token);
// open_access_token, then the expiry against `now`.
OpenedAccessToken check_access_token(const std::string& mac_key, std::string_view token,
                                     UnixSeconds now);

// Hex of the token id, the deny-list's key.
std::string access_token_id_hex(const AccessClaims& claims);

// The sealing step alone (prefix, 35-byte body): lets tests build tokens no encoder would.
std::string seal_access_token(const std::string& mac_key, std::string_view prefix,
                              std::string_view body);

}  // namespace loginkit
