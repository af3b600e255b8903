#pragma once
// Page rendering: mustache templates compiled into the binary; every {{value}} is HTML-escaped
// (only the layout's {{{body}}} slot takes already-rendered HTML).
#include <map>
#include <string>
#include <variant>
#include <vector>

namespace loginkit::web {

struct Value;
using Values = std::map<std::string, Value>;
using List = std::vector<Values>;

struct Value {
  std::variant<std::string, bool, List> v;
  Value(std::string s) : v(std::move(s)) {}    // NOLINT: implicit by design
  Value(const char* s) : v(std::string(s)) {}  // NOLINT
  Value(bool b) : v(b) {}                      // NOLINT
  Value(List l) : v(std::move(l)) {}           // NOLINT
};

// Renders template `name` inside the layout with page title `title`.
// `layout` adds values for the layout itself (portal, signed_in, csrf, wide).
std::string render_page(const std::string& name, const std::string& title, const Values& values,
                        Values layout = {});
// Renders one template alone (tests, fuzzing).
std::string render(const std::string& name, const Values& values);
std::string escape_html(std::string_view text);

}  // namespace loginkit::web
