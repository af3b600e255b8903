#pragma once
// Names for test rows and files: a prefix followed by a number ("user7", "lk-probe-1234").
// Built by one append: GCC 12 misreports "literal" + temporary strings at -O3 (-Wrestrict).
#include <cstdint>
#include <string>
#include <string_view>

namespace loginkit {

inline std::string numbered(std::string_view prefix, std::int64_t n) {
  std::string out(prefix);
  out += std::to_string(n);
  return out;
}

}  // namespace loginkit
