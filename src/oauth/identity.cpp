#include "oauth/identity.hpp"

#include <stdexcept>

#include "core/crypto.hpp"

namespace loginkit {
namespace {

// An empty key would make every identifier guessable: refuse instead of deriving one.
const std::string& checked(const std::string& server_key) {
  if (server_key.empty()) throw std::logic_error("server key not loaded");
  return server_key;
}

}  // namespace

std::string open_id(const std::string& server_key, Id app_id, Id user_id) {
  // Appended rather than `"-" + temporary`: GCC 12 misreports that at -O3 (-Wrestrict).
  std::string id = "-";
  id += crypto::hmac_sha256_base64url(
            checked(server_key), "open:" + std::to_string(app_id) + ":" + std::to_string(user_id))
            .substr(0, 32);
  return id;
}

std::string union_id(const std::string& server_key, Id developer_id, Id user_id) {
  return crypto::hmac_sha256_base64url(
             checked(server_key),
             "union:" + std::to_string(developer_id) + ":" + std::to_string(user_id))
      .substr(0, 32);
}

}  // namespace loginkit
