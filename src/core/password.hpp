#pragma once
// User and developer passwords: Argon2id via libsodium (DESIGN.md).
#include <string>
#include <string_view>

namespace loginkit::password {
std::string hash(std::string_view password);
bool verify(const std::string& stored_hash, std::string_view password);
// A valid hash of a random password, verified against when the account does not exist, so the
// answer takes the same time either way (no user enumeration by timing).
const std::string& dummy_hash();
}  // namespace loginkit::password
