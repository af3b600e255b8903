// The one URI type (core/uri.hpp: Uri::check, Uri::parse, str, with_params, is_local_target).
// Properties: no crash; a valid URI has no byte <= 0x20, 0x7f or >= 0x80, no '#', no '\', no
// userinfo, a port from 1 to 65535 (or the '*' it was allowed), is shorter than 512; it rebuilds
// to its own text and re-parses to the same parts; appending parameters adds no such byte either;
// a URI is valid exactly when no flaw is named; a local target stays on the origin as a browser
// (WHATWG URL) resolves it.
#include <algorithm>
#include <string>

#include "core/uri.hpp"
#include "fuzz_common.hpp"

using namespace loginkit;
using namespace loginkit::fuzz;

namespace {

bool clean_bytes(std::string_view s) {
  return std::none_of(s.begin(), s.end(), [](char c) {
    auto b = static_cast<unsigned char>(c);
    return b <= 0x20 || b == 0x7f || b >= 0x80 || c == '#' || c == '\\';
  });
}

bool port_in_range(std::string_view p) {
  if (p.empty() || p.size() > 5 ||
      !std::all_of(p.begin(), p.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return false;
  }
  int v = std::stoi(std::string(p));
  return v >= 1 && v <= 65535;
}

bool same_parts(const Uri::Parts& a, const Uri::Parts& b) {
  return a.scheme == b.scheme && a.host == b.host && a.port == b.port && a.path == b.path &&
         a.query == b.query && a.host_is_name == b.host_is_name;
}

void check_valid(const Uri& uri, std::string_view text, UriOptions options) {
  std::string s = uri.str();
  FUZZ_CHECK(s == text);
  FUZZ_CHECK(s.size() < kMaxUriLength);
  FUZZ_CHECK(clean_bytes(s));
  // The authority, found without the code under test: after "://", up to '/' or '?'.
  auto sep = s.find("://");
  FUZZ_CHECK(sep != std::string::npos && sep > 0);
  std::string_view rest = std::string_view(s).substr(sep + 3);
  std::string_view authority = rest.substr(0, rest.find_first_of("/?"));
  FUZZ_CHECK(authority.find('@') == std::string_view::npos);
  FUZZ_CHECK(!authority.empty());
  const auto& p = uri.parts();
  std::string scheme = ascii_lower(p.scheme);
  FUZZ_CHECK(scheme == "http" || scheme == "https");
  if (p.port) FUZZ_CHECK(port_in_range(*p.port) || (options.wildcard_port && *p.port == "*"));
  FUZZ_CHECK(p.path.empty() || p.path.front() == '/');
  auto again = Uri::parse(s, options);
  FUZZ_CHECK(again.has_value());
  FUZZ_CHECK(same_parts(again->parts(), p));
  std::string with = uri.with_params({{"state", std::string(text)}, {std::string(text), "#\r\n"}});
  FUZZ_CHECK(with.starts_with(s));
  FUZZ_CHECK(clean_bytes(with));
}

void check_local_target(std::string_view t) {
  if (!is_local_target(t)) return;
  FUZZ_CHECK(clean_bytes(t));
  FUZZ_CHECK(t.size() <= kMaxLocalTargetLength);
  // WHATWG: "/x" resolves on the same origin unless the second byte is '/' or '\' (after tab,
  // LF and CR removal; clean_bytes rules those out).
  FUZZ_CHECK(t.front() == '/');
  FUZZ_CHECK(t.size() == 1 || (t[1] != '/' && t[1] != '\\'));
  auto q = t.find('?');
  FUZZ_CHECK(t.substr(0, q).find("//") == std::string_view::npos);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input = as_view(data, size);
  std::uint8_t flags = take_flags(input);
  UriOptions options{.wildcard_port = (flags & 1) != 0};

  auto report = Uri::check(input, options);
  FUZZ_CHECK(std::is_sorted(report.flaws.begin(), report.flaws.end()));
  FUZZ_CHECK(std::adjacent_find(report.flaws.begin(), report.flaws.end()) == report.flaws.end());
  FUZZ_CHECK(report.uri.has_value() == (report.flaws.empty() && report.parts.has_value()));
  FUZZ_CHECK(Uri::parse(input, options).has_value() == report.uri.has_value());
  if (report.uri) check_valid(*report.uri, input, options);
  if (!report.flaws.empty()) FUZZ_CHECK(!report.uri);

  check_local_target(input);
  return 0;
}
