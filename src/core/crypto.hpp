#pragma once
// Hashing, random tokens and constant-time comparison (OpenSSL). Tokens are 256-bit random, so a
// plain SHA-256 is the right at-rest hash for them (DESIGN.md); passwords use Argon2id instead.
#include <string>
#include <string_view>

namespace loginkit::crypto {

std::string sha256_hex(std::string_view data);
std::string sha256(std::string_view data);  // the 32 raw bytes
std::string sha256_base64url(std::string_view data);
std::string base64url(std::string_view bytes);
std::string base64_decode(std::string_view text, bool& ok);
std::string hmac_sha256_base64url(std::string_view key, std::string_view data);
// The raw 32-byte HMAC-SHA256.
std::string hmac_sha256(std::string_view key, std::string_view data);
// Strict base64url without padding (what base64url() writes); false on any other character or
// on a length no byte string encodes to.
bool base64url_decode(std::string_view text, std::string& out);
std::string random_bytes(std::size_t n);
// prefix + base64url(32 random bytes): URL-safe characters only (SPEC §2.1).
std::string random_token(std::string_view prefix);
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace loginkit::crypto
