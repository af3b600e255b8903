// cookie_value (RFC 6265 §5.4 style Cookie header lookup) and iequals.
// Properties: no crash; a found value is a trimmed substring of the header without ';'; a cookie
// the header plainly carries is found with its value.
#include <string>

#include "core/form.hpp"
#include "fuzz_common.hpp"

using namespace loginkit;
using namespace loginkit::fuzz;

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool is_cookie_name(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (c == '=' || c == ';' || c == ' ' || c == '\t') return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto fields = split_fields(as_view(data, size), 3);
  std::string_view name = fields[0], header = fields[1], value = fields[2];

  // 1. Arbitrary header, arbitrary name.
  if (auto v = cookie_value(header, name)) {
    FUZZ_CHECK(v->find(';') == std::string::npos);
    FUZZ_CHECK(trim(*v) == *v);
    FUZZ_CHECK(header.find(*v) != std::string_view::npos);
    FUZZ_CHECK(header.find('=') != std::string_view::npos);
  }
  FUZZ_CHECK(!cookie_value("", name).has_value());

  // 2. A header that carries name=value first: the lookup must return the (trimmed) value.
  if (is_cookie_name(name) && value.find(';') == std::string_view::npos) {
    std::string built = std::string(name) + "=" + std::string(value) + "; lk_other=1";
    auto got = cookie_value(built, name);
    FUZZ_CHECK(got && *got == trim(value));
    // ... and also when it follows other cookies, arbitrary junk without ';' included.
    std::string junk(header.substr(0, header.find(';')));
    if (junk.find(std::string(name) + "=") == std::string::npos &&
        trim(junk.substr(0, junk.find('='))) != name) {
      std::string later = junk + "; " + std::string(name) + "=" + std::string(value);
      auto got2 = cookie_value(later, name);
      FUZZ_CHECK(got2 && *got2 == trim(value));
    }
  }

  // 3. iequals is reflexive, symmetric and agrees with ASCII lower-casing.
  FUZZ_CHECK(iequals(header, header));
  FUZZ_CHECK(iequals(name, value) == iequals(value, name));
  FUZZ_CHECK(iequals(name, value) == (ascii_lower(name) == ascii_lower(value)));
  return 0;
}
