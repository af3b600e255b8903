// parse_form / percent_decode / percent_encode / encode_form (WHATWG form encoding).
// Properties: no crash; whatever parses re-encodes and re-parses to the same pairs; encoding any
// bytes and decoding them gives the bytes back; Params lookups agree with each other.
#include <string>
#include <utility>
#include <vector>

#include "core/form.hpp"
#include "fuzz_common.hpp"

using namespace loginkit;
using namespace loginkit::fuzz;

namespace {

using Items = std::vector<std::pair<std::string, std::string>>;

bool is_unreserved(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

// percent_encode output is unreserved characters and %XX (upper-case hex) only.
void check_encoded_shape(std::string_view enc, bool allow_form_separators) {
  for (std::size_t i = 0; i < enc.size(); ++i) {
    char c = enc[i];
    if (c == '%') {
      FUZZ_CHECK(i + 2 < enc.size());
      for (char h : enc.substr(i + 1, 2)) {
        FUZZ_CHECK((h >= '0' && h <= '9') || (h >= 'A' && h <= 'F'));
      }
      i += 2;
    } else {
      FUZZ_CHECK(is_unreserved(c) || (allow_form_separators && (c == '=' || c == '&')));
    }
  }
}

void check_percent_codec(std::string_view text) {
  std::string enc = percent_encode(text);
  check_encoded_shape(enc, false);
  for (bool plus : {false, true}) {
    auto back = percent_decode(enc, plus);
    FUZZ_CHECK(back && *back == text);  // encode → decode is the identity on any bytes
    auto dec = percent_decode(text, plus);
    if (dec) {
      FUZZ_CHECK(dec->size() <= text.size());
      auto again = percent_decode(percent_encode(*dec), plus);
      FUZZ_CHECK(again && *again == *dec);
    }
  }
  // Without '%' nothing can be malformed.
  if (text.find('%') == std::string_view::npos) FUZZ_CHECK(percent_decode(text, true).has_value());
}

void check_params_consistency(const Params& p) {
  for (const auto& [name, value] : p.items()) {
    auto all = p.all(name);
    FUZZ_CHECK(!all.empty());
    FUZZ_CHECK(p.count(name) == all.size());
    FUZZ_CHECK(p.has(name));
    auto first = p.get(name);
    FUZZ_CHECK(first && *first == all.front());
    FUZZ_CHECK(p.get_or(name, "fallback") == all.front());
  }
}

void check_form_round_trip(const Items& items) {
  std::string body = encode_form(items);
  check_encoded_shape(body, true);
  auto parsed = parse_form(body);
  FUZZ_CHECK(parsed.has_value());
  FUZZ_CHECK(parsed->items() == items);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input = as_view(data, size);

  // 1. The input as a request body or query string.
  if (auto parsed = parse_form(input)) {
    check_params_consistency(*parsed);
    check_form_round_trip(parsed->items());
  } else {
    // Only malformed percent-encoding is refused.
    FUZZ_CHECK(input.find('%') != std::string_view::npos);
  }

  // 2. The input as one raw value for the percent codec.
  check_percent_codec(input);

  // 3. The input as arbitrary (name, value) pairs, NUL-separated: they must survive the wire.
  Items items;
  auto fields = split_fields(input, 8);
  for (std::size_t i = 0; i + 1 < fields.size(); i += 2) {
    if (fields[i].empty() && fields[i + 1].empty() && i > 0) break;
    items.emplace_back(std::string(fields[i]), std::string(fields[i + 1]));
  }
  check_form_round_trip(items);
  return 0;
}
