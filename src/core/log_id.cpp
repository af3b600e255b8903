#include "core/log_id.hpp"

#include <cstdint>
#include <ctime>

#include "core/crypto.hpp"

namespace loginkit {

void make_log_id(UnixSeconds now, std::string& out) {
  // The stamp is formatted once a second per thread, not once a request.
  thread_local UnixSeconds last = -1;
  thread_local char stamp[32];
  if (now != last) {
    std::time_t t = static_cast<std::time_t>(now);
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::strftime(stamp, sizeof stamp, "%Y%m%d%H%M%S", &tm);
    last = now;
  }
  static constexpr char kHex[] = "0123456789ABCDEF";
  out.assign(stamp);
  // A log_id correlates a client's report with our log line; it guards nothing, so it needs
  // uniqueness, not secrecy: a per-thread generator seeded from the CSPRNG, not a RAND_bytes
  // call (and its fork check) per request.
  thread_local std::uint64_t state = [] {
    std::uint64_t seed = 0;
    for (unsigned char c : crypto::random_bytes(8)) seed = (seed << 8) | c;
    return seed;
  }();
  auto next = [] {  // splitmix64
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  };
  std::uint64_t hi = next(), lo = next();
  for (int i = 0; i < 20; ++i) {
    std::uint64_t word = i < 16 ? hi : lo;
    out.push_back(kHex[(word >> (4 * (i % 16))) & 15]);
  }
}

std::string make_log_id(UnixSeconds now) {
  std::string out;
  make_log_id(now, out);
  return out;
}

}  // namespace loginkit
