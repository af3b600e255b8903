#include "oauth/pkce.hpp"

#include <algorithm>

#include "core/crypto.hpp"

namespace loginkit::pkce {
namespace {

bool unreserved(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

}  // namespace

bool valid_verifier(std::string_view v) {
  return v.size() >= 43 && v.size() <= 128 && std::all_of(v.begin(), v.end(), unreserved);
}

bool valid_challenge(std::string_view c) {
  auto hex = [](char ch) { return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'); };
  auto b64 = [](char ch) {
    return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
           ch == '-' || ch == '_';
  };
  if (c.size() == 64 && std::all_of(c.begin(), c.end(), hex)) return true;
  return c.size() == 43 && std::all_of(c.begin(), c.end(), b64);
}

bool verifier_matches(std::string_view challenge, std::string_view verifier) {
  if (!valid_verifier(verifier)) return false;
  if (challenge.size() == 64) {
    return crypto::constant_time_equal(challenge, crypto::sha256_hex(verifier));
  }
  return crypto::constant_time_equal(challenge, crypto::sha256_base64url(verifier));
}

}  // namespace loginkit::pkce
