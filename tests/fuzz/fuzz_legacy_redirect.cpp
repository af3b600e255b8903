// SPEC §3 v1 redirect rules (match_v1_redirect_uri, legacy_domain_problems).
// Properties: no crash; a registered domain has the bare-host shape; a web match means that the
// host a browser would navigate to (WHATWG URL parsing of the authority, an independent oracle
// here) is the registered domain or a subdomain of it — the open-redirect guarantee; mobile
// matches are exact; a match is a valid URI whose target rebuilds to the text that matched.
#include <algorithm>
#include <string>

#include "fuzz_common.hpp"
#include "oauth/legacy_redirect.hpp"

using namespace loginkit;
using namespace loginkit::fuzz;

namespace {

// The host a browser takes from `uri` when it starts with https:// (case-insensitive), after
// the WHATWG URL standard: tab/CR/LF are removed, the authority ends at '/', '\', '?' or '#'
// (https is a special scheme), userinfo ends at the last '@', the port starts at a ':'.
std::optional<std::string> browser_host(std::string_view uri) {
  std::string cleaned;
  for (char c : uri) {
    if (c != '\t' && c != '\n' && c != '\r') cleaned.push_back(c);
  }
  if (ascii_lower(std::string_view(cleaned).substr(0, 8)) != "https://") return std::nullopt;
  std::string_view rest = std::string_view(cleaned).substr(8);
  // Special schemes skip any further slashes before the authority.
  while (!rest.empty() && (rest.front() == '/' || rest.front() == '\\')) rest.remove_prefix(1);
  std::string_view authority = rest.substr(0, rest.find_first_of("/\\?#"));
  if (auto at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
  std::string_view host = authority.substr(0, authority.find(':'));
  return ascii_lower(host);
}

// An empty label (".good.example") still names nothing outside the domain, so it counts.
bool is_domain_or_subdomain(std::string_view host, std::string_view domain) {
  return host == domain || (host.size() > domain.size() && host.ends_with(domain) &&
                            host[host.size() - domain.size() - 1] == '.');
}

bool bare_host_shape(std::string_view d) {
  return !d.empty() && d.size() <= 253 && d.front() != '.' && d.back() != '.' &&
         d.find("..") == std::string_view::npos && std::all_of(d.begin(), d.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '.';
         });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input = as_view(data, size);
  std::uint8_t flags = take_flags(input);
  auto fields = split_fields(input, 3);
  std::string_view domain = fields[0], uri = fields[1], mobile = fields[2];

  App app;
  auto problems = legacy_domain_problems(app, domain);
  FUZZ_CHECK(problems.empty() == bare_host_shape(domain));
  // Only a domain the portal would accept is registered, as in production.
  if (problems.empty()) app.legacy_domains.emplace_back(domain);
  if (!app.legacy_domains.empty()) {
    FUZZ_CHECK(!legacy_domain_problems(app, domain).empty());  // now a duplicate
  }
  Platform mobile_platform = (flags & 1) ? Platform::kIos : Platform::kAndroid;
  if (flags & 2) app.redirect_uris.push_back(RedirectUri{mobile_platform, std::string(mobile)});
  if (flags & 4) app.redirect_uris.push_back(RedirectUri{Platform::kWeb, std::string(uri)});

  for (std::string_view candidate : {uri, input}) {
    auto target = match_v1_redirect_uri(app, candidate);
    if (!target) continue;
    FUZZ_CHECK(target->uri.str() == candidate);
    for (char c : candidate) {
      FUZZ_CHECK(static_cast<unsigned char>(c) > 0x20 && c != 0x7f && c != '#');
    }
    if (target->platform != Platform::kWeb) {
      FUZZ_CHECK(target->platform == mobile_platform && (flags & 2) && candidate == mobile);
      continue;
    }
    // A web match: the browser must land on the registered domain or one of its subdomains.
    FUZZ_CHECK(!app.legacy_domains.empty());
    auto host = browser_host(candidate);
    FUZZ_CHECK(host.has_value());
    FUZZ_CHECK(is_domain_or_subdomain(*host, ascii_lower(domain)));
  }
  return 0;
}
