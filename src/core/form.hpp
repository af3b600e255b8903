#pragma once
// application/x-www-form-urlencoded and query-string codec (WHATWG URL rules), cookies.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace loginkit {

class Params {
 public:
  void add(std::string name, std::string value) {
    items_.emplace_back(std::move(name), std::move(value));
  }
  // First value of `name`, if any.
  std::optional<std::string_view> get(std::string_view name) const;
  std::string get_or(std::string_view name, std::string_view fallback = {}) const;
  std::vector<std::string_view> all(std::string_view name) const;
  std::size_t count(std::string_view name) const;
  bool has(std::string_view name) const { return count(name) > 0; }
  const std::vector<std::pair<std::string, std::string>>& items() const { return items_; }

 private:
  std::vector<std::pair<std::string, std::string>> items_;
};

// Returns nullopt on malformed percent-encoding ("%4", "%zz"), which callers reject.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space);
std::optional<Params> parse_form(std::string_view body);
// Encodes every byte outside RFC 3986 unreserved, so any value round-trips byte for byte.
std::string percent_encode(std::string_view text);
std::string encode_form(const std::vector<std::pair<std::string, std::string>>& items);
// Cookie header → value of `name` (RFC 6265 §5.4 style).
std::optional<std::string> cookie_value(std::string_view header, std::string_view name);
// Case-insensitive ASCII comparison.
bool iequals(std::string_view a, std::string_view b);

}  // namespace loginkit
