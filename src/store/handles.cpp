#include "store/handles.hpp"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>

#include "core/crypto.hpp"

namespace loginkit {
namespace {

constexpr int kLowBits = 21;      // below the milliseconds: 9 tag bits, 12 counter bits
constexpr int kCounterBits = 12;  // 4096 ids per millisecond before borrowing the next one

std::int64_t process_tag() {
  std::string r = crypto::random_bytes(2);
  auto v = static_cast<std::int64_t>((static_cast<unsigned char>(r[0]) << 8) |
                                     static_cast<unsigned char>(r[1]));
  return v & ((1 << (kLowBits - kCounterBits)) - 1);
}

std::atomic<std::int64_t> last_id{0};

}  // namespace

Id next_handle_id_at(std::int64_t unix_ms) {
  static const std::int64_t kTag = process_tag();
  std::int64_t floor = (unix_ms << kLowBits) | (kTag << kCounterBits);
  std::int64_t prev = last_id.load(std::memory_order_relaxed);
  std::int64_t next = 0;
  do {
    next = std::max(prev + 1, floor);
  } while (!last_id.compare_exchange_weak(prev, next, std::memory_order_relaxed));
  return next;
}

Id next_handle_id() {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                std::chrono::system_clock::now().time_since_epoch())
                .count();
  return next_handle_id_at(ms);
}

std::string mint_handle(std::string_view prefix, Id id) {
  return crypto::random_token(std::string(prefix) + std::to_string(id) + ".");
}

HandleKey handle_key(std::string_view presented) {
  // The last two dot-separated parts are `<id>.<secret>`; the id is decimal, positive, and
  // written without a sign or leading zero, so each id has exactly one spelling.
  auto last_dot = presented.rfind('.');
  if (last_dot != std::string_view::npos && last_dot + 1 < presented.size()) {
    auto head = presented.substr(0, last_dot);
    auto id_start = head.rfind('.');
    auto digits = head.substr(id_start == std::string_view::npos ? 0 : id_start + 1);
    Id id = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
    if (ec == std::errc() && end == digits.data() + digits.size() && !digits.empty() &&
        digits.front() != '0' && id > 0) {
      return HandleKey{id, crypto::sha256(presented)};
    }
  }
  return HandleKey{crypto::sha256_hex(presented)};
}

}  // namespace loginkit
