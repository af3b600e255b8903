// The response-header check of the HTTP shell (header_line_safe, first_unsafe_header).
// Properties: no crash; a header is accepted exactly when an independent oracle says its name is
// an RFC 9110 token and its value has no CR, LF or NUL; an accepted header written as
// "name: value\r\n" is exactly one line, which is what keeps caller bytes from becoming headers.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "fuzz_common.hpp"
#include "http/header_check.hpp"

using namespace loginkit::http;
using namespace loginkit::fuzz;

namespace {

bool oracle_token(std::string_view s) {
  static const std::string extra = "!#$%&'*+-.^_`|~";
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') ||
           extra.find(c) != std::string::npos;
  });
}

bool oracle_value(std::string_view s) {
  return std::none_of(s.begin(), s.end(), [](char c) { return c == '\r' || c == '\n' || c == 0; });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input = as_view(data, size);
  // The first byte is the name's length, so names and values may hold any byte, NUL included.
  std::size_t name_len = take_flags(input);
  name_len = std::min(name_len, input.size());
  std::string_view name = input.substr(0, name_len);
  std::string_view value = input.substr(name_len);

  bool safe = header_line_safe(name, value);
  FUZZ_CHECK(safe == (oracle_token(name) && oracle_value(value)));
  if (safe) {
    std::string line = std::string(name) + ": " + std::string(value) + "\r\n";
    FUZZ_CHECK(line.find_first_of(std::string_view("\r\n\0", 3)) == line.size() - 2);
  }

  std::vector<std::pair<std::string, std::string>> headers{{"Content-Type", "application/json"},
                                                           {std::string(name), std::string(value)}};
  auto bad = first_unsafe_header(headers);
  FUZZ_CHECK(bad.has_value() == !safe);
  if (bad) FUZZ_CHECK(*bad == name);
  return 0;
}
