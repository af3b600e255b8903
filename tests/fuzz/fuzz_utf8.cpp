// printable_utf8 (core/utf8.hpp): what every client byte echoed into JSON, HTML or logs goes
// through. Differential check against an independent decoder here (code-point arithmetic rather
// than lead-byte ranges). Properties: the output is valid UTF-8 (RFC 3629) without control
// characters other than tab; each byte that does not start a valid sequence becomes U+FFFD; valid
// text comes back unchanged; the function is idempotent.
#include <string>

#include "core/utf8.hpp"
#include "fuzz_common.hpp"

using namespace loginkit;
using namespace loginkit::fuzz;

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

// The code point of the valid sequence at s[i] and its length, or length 0.
std::pair<char32_t, std::size_t> decode(std::string_view s, std::size_t i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  unsigned char lead = byte(0);
  std::size_t len;
  char32_t cp;
  char32_t min;
  if (lead < 0x80) return {lead, 1};
  if ((lead & 0xE0) == 0xC0) {
    len = 2, cp = lead & 0x1F, min = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    len = 3, cp = lead & 0x0F, min = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    len = 4, cp = lead & 0x07, min = 0x10000;
  } else {
    return {0, 0};
  }
  if (i + len > s.size()) return {0, 0};
  for (std::size_t k = 1; k < len; ++k) {
    if ((byte(k) & 0xC0) != 0x80) return {0, 0};
    cp = (cp << 6) | (byte(k) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {0, 0};
  return {cp, len};
}

bool is_control(char32_t cp) {
  return (cp < 0x20 && cp != '\t') || cp == 0x7F;
}

std::string model(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    auto [cp, len] = decode(s, i);
    if (len == 0) {
      out += kReplacement;
      ++i;
    } else {
      if (!is_control(cp)) out.append(s.substr(i, len));
      i += len;
    }
  }
  return out;
}

bool valid_printable(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    auto [cp, len] = decode(s, i);
    if (len == 0 || is_control(cp)) return false;
    i += len;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input = as_view(data, size);
  std::string out = printable_utf8(input);
  FUZZ_CHECK(out == model(input));
  FUZZ_CHECK(valid_printable(out));
  FUZZ_CHECK(printable_utf8(out) == out);
  if (valid_printable(input)) FUZZ_CHECK(out == input);
  return 0;
}
