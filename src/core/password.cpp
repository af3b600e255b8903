#include "core/password.hpp"

#include <sodium.h>

#include <algorithm>
#include <semaphore>
#include <stdexcept>
#include <thread>

#include "core/crypto.hpp"
#include "core/suspend.hpp"

namespace loginkit::password {
namespace {

void ensure_sodium() {
  static const bool kReady = sodium_init() >= 0;
  if (!kReady) throw std::runtime_error("libsodium failed to initialise");
}

}  // namespace

// A hash holds a core for tens of milliseconds: inside a request fiber it runs on the blocking
// pool, so the event-loop thread keeps serving other requests meanwhile.
std::string hash(std::string_view password) {
  return run_blocking([&] {
    ensure_sodium();
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(
            out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0) {
      throw std::runtime_error("out of memory hashing a password");
    }
    return std::string(out);
  });
}

bool verify(const std::string& stored_hash, std::string_view password) {
  return run_blocking([&] {
    ensure_sodium();
    return crypto_pwhash_str_verify(stored_hash.c_str(), password.data(), password.size()) == 0;
  });
}

std::optional<bool> verify_bounded(const std::string& stored_hash, std::string_view password,
                                   std::chrono::milliseconds wait) {
  static std::counting_semaphore<1024> gate(
      static_cast<std::ptrdiff_t>(std::max(1u, std::thread::hardware_concurrency())));
  // The wait for a turn blocks too, so it also happens on the blocking pool.
  return run_blocking([&]() -> std::optional<bool> {
    if (!gate.try_acquire_for(wait)) return std::nullopt;
    bool ok = verify(stored_hash, password);
    gate.release();
    return ok;
  });
}

const std::string& dummy_hash() {
  static const std::string kHash = hash(crypto::base64url(crypto::random_bytes(16)));
  return kHash;
}

}  // namespace loginkit::password
