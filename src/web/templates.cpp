#include "web/templates.hpp"

#include <kainjow/mustache.hpp>
#include <stdexcept>

#include "core/utf8.hpp"
#include "web/embedded_templates.hpp"

namespace loginkit::web {
namespace {

using kainjow::mustache::data;
using kainjow::mustache::mustache;

data to_data(const Values& values);

data to_data(const Value& value) {
  // Every value reaches the page as valid UTF-8 without control characters (a typed username
  // with a NUL byte is shown without it).
  if (auto* s = std::get_if<std::string>(&value.v)) return data(printable_utf8(*s));
  if (auto* b = std::get_if<bool>(&value.v))
    return data(*b ? data::type::bool_true : data::type::bool_false);
  data list(data::type::list);
  for (const auto& item : std::get<List>(value.v)) list.push_back(to_data(item));
  return list;
}

data to_data(const Values& values) {
  data d;
  for (const auto& [k, v] : values) d.set(k, to_data(v));
  return d;
}

mustache& compiled(const std::string& name) {
  // Parsed once per thread: kainjow's render() is not const, so threads never share one.
  thread_local std::map<std::string, mustache> parsed = [] {
    std::map<std::string, mustache> m;
    for (const auto& [n, text] : embedded_templates()) {
      auto [it, _] = m.emplace(n, mustache(std::string(text)));
      if (!it->second.is_valid()) {
        throw std::runtime_error("template " + n + ": " + it->second.error_message());
      }
    }
    return m;
  }();
  auto it = parsed.find(name);
  if (it == parsed.end()) throw std::runtime_error("no template " + name);
  return it->second;
}

}  // namespace

std::string render(const std::string& name, const Values& values) {
  return compiled(name).render(to_data(values));
}

std::string render_page(const std::string& name, const std::string& title, const Values& values,
                        Values layout) {
  layout.insert_or_assign("title", title);
  layout.insert_or_assign("body", render(name, values));
  return render("layout", layout);
}

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

}  // namespace loginkit::web
