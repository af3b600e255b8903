// SPEC §1 redirect-URI registration rules and SPEC §2.1 matching (redirect_uri_problems,
// redirect_uri_registration_problems, match_redirect_uri).
// Properties: no crash; a URI the rules accept has the promised shape; matching is exact except
// a desktop '*' port, which only ever stands for 1–5 digits; web URIs never match with web off;
// only a valid URI matches, and its target rebuilds to the text that matched.
#include <algorithm>
#include <string>

#include "fuzz_common.hpp"
#include "oauth/redirect_uri.hpp"

using namespace loginkit;
using namespace loginkit::fuzz;

namespace {

bool is_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool has_control_or_space(std::string_view s) {
  return std::any_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f; });
}

// What every accepted URI looks like, checked without the code's own splitter.
void check_accepted_shape(Platform platform, std::string_view uri) {
  FUZZ_CHECK(uri.size() < kMaxRedirectUriLength);
  FUZZ_CHECK(uri.find('?') == std::string_view::npos);
  FUZZ_CHECK(uri.find('#') == std::string_view::npos);
  FUZZ_CHECK(!has_control_or_space(uri));
  auto sep = uri.find("://");
  FUZZ_CHECK(sep != std::string_view::npos && sep > 0);
  std::string_view scheme = uri.substr(0, sep);
  if (platform == Platform::kDesktop) {
    FUZZ_CHECK(scheme == "http" || scheme == "https");
    std::string_view rest = uri.substr(sep + 3);
    std::string_view authority = rest.substr(0, rest.find('/'));
    FUZZ_CHECK(authority.find('@') == std::string_view::npos);
    FUZZ_CHECK(authority.starts_with("localhost:") || authority.starts_with("127.0.0.1:"));
    std::string_view port = authority.substr(authority.find(':') + 1);
    FUZZ_CHECK(port == "*" || is_digits(port));
  } else {
    FUZZ_CHECK(scheme == "https");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input = as_view(data, size);
  std::uint8_t flags = take_flags(input);
  auto platform = static_cast<Platform>(flags & 3);
  auto fields = split_fields(input, 2);
  std::string_view registered = fields[0], candidate = fields[1];

  // 1. Registration rules on the whole input and on each field.
  for (std::string_view uri : {input, registered, candidate}) {
    for (int p = 0; p < 4; ++p) {
      auto problems = redirect_uri_problems(static_cast<Platform>(p), uri);
      if (problems.empty()) check_accepted_shape(static_cast<Platform>(p), uri);
    }
  }

  // 2. Matching against an app that registered `registered` on `platform`.
  App app;
  app.web_enabled = (flags & 4) != 0;
  app.redirect_uris.push_back(RedirectUri{platform, std::string(registered)});
  auto reg_problems = redirect_uri_registration_problems(app, platform, registered);
  FUZZ_CHECK(!reg_problems.empty());  // it is already registered

  for (std::string_view uri : {candidate, registered}) {
    auto target = match_redirect_uri(app, uri);
    if (platform == Platform::kWeb && !app.web_enabled) {
      FUZZ_CHECK(!target);
      continue;
    }
    bool valid = Uri::parse(uri).has_value();
    if (uri == registered && valid) FUZZ_CHECK(target && target->platform == platform);
    if (!target) continue;
    FUZZ_CHECK(valid);
    FUZZ_CHECK(target->uri.str() == uri);
    FUZZ_CHECK(target->platform == platform);
    if (uri == registered) continue;
    // Anything but an exact match is the desktop port wildcard: same text around a port.
    FUZZ_CHECK(platform == Platform::kDesktop);
    auto star = registered.find(":*");
    FUZZ_CHECK(star != std::string_view::npos);
    bool explained = false;
    for (; star != std::string_view::npos; star = registered.find(":*", star + 1)) {
      std::string_view prefix = registered.substr(0, star + 1),
                       suffix = registered.substr(star + 2);
      if (uri.size() > prefix.size() + suffix.size() && uri.starts_with(prefix) &&
          uri.ends_with(suffix)) {
        auto port = uri.substr(prefix.size(), uri.size() - prefix.size() - suffix.size());
        explained = explained || (port.size() <= 5 && is_digits(port));
      }
    }
    FUZZ_CHECK(explained);
    // A wildcard registration that passed the rules only lets through URIs that pass them too.
    if (redirect_uri_problems(Platform::kDesktop, registered).empty()) {
      auto problems = redirect_uri_problems(Platform::kDesktop, uri);
      bool only_length = problems.size() == 1 && uri.size() >= kMaxRedirectUriLength;
      FUZZ_CHECK(problems.empty() || only_length);
    }
  }
  return 0;
}
