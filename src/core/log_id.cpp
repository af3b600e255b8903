#include "core/log_id.hpp"

#include <ctime>

#include "core/crypto.hpp"

namespace loginkit {

std::string make_log_id(UnixSeconds now) {
  std::time_t t = static_cast<std::time_t>(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d%H%M%S", &tm);
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out(stamp);
  for (unsigned char c : crypto::random_bytes(10)) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

}  // namespace loginkit
