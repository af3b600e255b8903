#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace loginkit {

// What a successful token request returns; the api layer renders it (SPEC §2.2 field order).
struct TokenResponse {
  std::string access_token;
  std::int64_t expires_in = 0;
  // User tokens only (absent for client_credentials):
  struct UserPart {
    std::string open_id;
    std::int64_t refresh_expires_in = 0;
    std::string refresh_token;
    std::string scope;
  };
  std::optional<UserPart> user;
  std::string token_type = "Bearer";
};

}  // namespace loginkit
