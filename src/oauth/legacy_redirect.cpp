#include "oauth/legacy_redirect.hpp"

#include <algorithm>

namespace loginkit {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::optional<RedirectTarget> match_v1_redirect_uri(const App& app, std::string_view uri) {
  // The parser decides where a browser would go: userinfo, backslashes, spaces, control
  // characters and fragments make the URI invalid, so they can neither fool the host comparison
  // nor reach a Location header.
  auto parsed = Uri::parse(uri);
  if (!parsed) return std::nullopt;
  for (const auto& r : app.redirect_uris) {
    if ((r.platform == Platform::kAndroid || r.platform == Platform::kIos) && r.uri == uri) {
      return RedirectTarget{r.platform, *parsed};
    }
  }
  if (lower(parsed->scheme()) != "https") return std::nullopt;
  std::string host = lower(parsed->host());
  for (const auto& d : app.legacy_domains) {
    std::string domain = lower(d);
    bool subdomain =
        parsed->parts().host_is_name && host.size() > domain.size() && host.ends_with("." + domain);
    if (host == domain || subdomain) return RedirectTarget{Platform::kWeb, *parsed};
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
