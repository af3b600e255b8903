#pragma once
// User and developer passwords: Argon2id via libsodium (DESIGN.md).
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace loginkit::password {
std::string hash(std::string_view password);
bool verify(const std::string& stored_hash, std::string_view password);
// verify(), but at most one hash per core runs at once (each takes 64 MiB and a core for tens of
// milliseconds); waits up to `wait` for a turn and answers nullopt when none came, so a flood of
// sign-ins cannot exhaust memory or starve other requests.
std::optional<bool> verify_bounded(const std::string& stored_hash, std::string_view password,
                                   std::chrono::milliseconds wait);
// A valid hash of a random password, verified against when the account does not exist, so the
// answer takes the same time either way (no user enumeration by timing).
const std::string& dummy_hash();
}  // namespace loginkit::password
