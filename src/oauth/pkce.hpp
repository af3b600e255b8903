#pragma once
// RFC 7636 PKCE, S256 only, with the platform's lowercase-hex challenge encoding (SPEC §2.2).
#include <string_view>

namespace loginkit::pkce {
// RFC 7636 §4.1: 43–128 characters of [A-Za-z0-9-._~].
bool valid_verifier(std::string_view verifier);
// A challenge is the S256 of a verifier: 64 lowercase hex or 43 base64url characters.
bool valid_challenge(std::string_view challenge);
bool verifier_matches(std::string_view challenge, std::string_view verifier);
}  // namespace loginkit::pkce
