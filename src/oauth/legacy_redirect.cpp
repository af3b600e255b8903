#include "oauth/legacy_redirect.hpp"

#include <algorithm>

namespace loginkit {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The host of an https URI, lower-cased; nullopt for anything else (userinfo refused, so
// "https://good.example@evil.example/" cannot pass as good.example).
std::optional<std::string> https_host(std::string_view uri) {
  constexpr std::string_view kScheme = "https://";
  if (uri.size() <= kScheme.size() || lower(uri.substr(0, kScheme.size())) != kScheme) {
    return std::nullopt;
  }
  std::string_view rest = uri.substr(kScheme.size());
  // Browsers end the authority at a backslash too ("https://evil.example\.good.example/" goes
  // to evil.example), so it ends there here as well.
  std::string_view authority = rest.substr(0, rest.find_first_of("/?#\\"));
  if (authority.find('@') != std::string_view::npos || authority.empty()) return std::nullopt;
  std::string_view host = authority.substr(0, authority.find(':'));
  // Only plain host names: anything else (percent-escapes, IDN tricks, spaces) is refused.
  bool plain = !host.empty() && std::all_of(host.begin(), host.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.';
  });
  if (!plain) return std::nullopt;
  return lower(host);
}

}  // namespace

std::optional<Platform> match_v1_redirect_uri(const App& app, std::string_view uri) {
  for (const auto& r : app.redirect_uris) {
    if ((r.platform == Platform::kAndroid || r.platform == Platform::kIos) && r.uri == uri) {
      return r.platform;
    }
  }
  auto host = https_host(uri);
  if (!host) return std::nullopt;
  for (const auto& d : app.legacy_domains) {
    std::string domain = lower(d);
    if (*host == domain || (host->size() > domain.size() && host->ends_with("." + domain))) {
      return Platform::kWeb;
    }
  }
  return std::nullopt;
}

std::vector<std::string> legacy_domain_problems(const App& app, std::string_view domain) {
  std::vector<std::string> out;
  bool shape = !domain.empty() && domain.size() <= 253 && domain.front() != '.' &&
               domain.back() != '.' && domain.find("..") == std::string_view::npos &&
               std::all_of(domain.begin(), domain.end(), [](char c) {
                 return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.';
               });
  if (!shape) {
    out.emplace_back(
        "A redirect domain is a bare host name such as example.com (no scheme, path or port).");
  }
  if (std::find(app.legacy_domains.begin(), app.legacy_domains.end(), domain) !=
      app.legacy_domains.end()) {
    out.emplace_back("That redirect domain is already registered.");
  }
  return out;
}

}  // namespace loginkit
