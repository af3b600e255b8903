#include "oauth/identity.hpp"

#include "core/crypto.hpp"

namespace loginkit {

std::string open_id(const std::string& server_key, Id app_id, Id user_id) {
  return "-" + crypto::hmac_sha256_base64url(
                   server_key, "open:" + std::to_string(app_id) + ":" + std::to_string(user_id))
                   .substr(0, 32);
}

std::string union_id(const std::string& server_key, Id developer_id, Id user_id) {
  return crypto::hmac_sha256_base64url(
             server_key, "union:" + std::to_string(developer_id) + ":" + std::to_string(user_id))
      .substr(0, 32);
}

}  // namespace loginkit
