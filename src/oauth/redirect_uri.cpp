#include "oauth/redirect_uri.hpp"

#include <algorithm>

namespace loginkit {
namespace {

struct UriParts {
  std::string_view scheme;
  std::string_view host;
  std::string_view port;  // empty when absent
  bool has_port = false;
};

bool is_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Splits "scheme://authority..." enough for the registration rules; nullopt when not absolute.
std::optional<UriParts> split_absolute(std::string_view uri) {
  auto colon = uri.find("://");
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  UriParts p;
  p.scheme = uri.substr(0, colon);
  if (!std::all_of(p.scheme.begin(), p.scheme.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
      })) {
    return std::nullopt;
  }
  std::string_view rest = uri.substr(colon + 3);
  std::string_view authority = rest.substr(0, rest.find_first_of("/?#\\"));
  if (authority.find('@') != std::string_view::npos) return std::nullopt;  // no userinfo
  auto port_colon = authority.rfind(':');
  if (port_colon != std::string_view::npos &&
      authority.find(']', port_colon) == std::string_view::npos) {
    p.host = authority.substr(0, port_colon);
    p.port = authority.substr(port_colon + 1);
    p.has_port = true;
  } else {
    p.host = authority;
  }
  if (p.host.empty()) return std::nullopt;
  return p;
}

// A DNS name or an IP literal. A backslash, '%' or space in the host would be read differently
// by browsers than by us (a browser ends the authority at a backslash).
bool valid_host(std::string_view host) {
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    return std::all_of(host.begin() + 1, host.end() - 1, [](char c) {
      return std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.';
    });
  }
  return std::all_of(host.begin(), host.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.';
  });
}

bool is_mobile_or_web(Platform p) {
  return p != Platform::kDesktop;
}

}  // namespace

std::vector<std::string> redirect_uri_problems(Platform platform, std::string_view uri) {
  std::vector<std::string> out;
  if (uri.size() >= kMaxRedirectUriLength) {
    out.emplace_back("Redirect URI must be shorter than 512 characters.");
  }
  auto parts = split_absolute(uri);
  if (parts && !valid_host(parts->host)) {
    out.emplace_back("Redirect URI must name a valid host (letters, digits, '-' and '.').");
  }
  if (!parts) {
    out.emplace_back("Redirect URI must be absolute (scheme://host/...).");
  } else if (is_mobile_or_web(platform)) {
    if (parts->scheme != "https") out.emplace_back("Redirect URI must use https.");
  } else {
    if (parts->scheme != "http" && parts->scheme != "https") {
      out.emplace_back("Desktop redirect URI must use http or https.");
    }
    if (parts->host != "localhost" && parts->host != "127.0.0.1") {
      out.emplace_back("Desktop redirect URI host must be localhost or 127.0.0.1.");
    }
    if (!parts->has_port || (parts->port != "*" && !is_digits(parts->port))) {
      out.emplace_back("Desktop redirect URI must name a port (a number or *).");
    }
  }
  if (uri.find('?') != std::string_view::npos) {
    out.emplace_back("Redirect URI must not contain a query (not even a bare \"?\").");
  }
  if (uri.find('#') != std::string_view::npos) {
    out.emplace_back("Redirect URI must not contain a fragment (\"#\").");
  }
  // Browsers read a backslash as '/', so the URI would not mean what it says.
  if (uri.find('\\') != std::string_view::npos) {
    out.emplace_back("Redirect URI must not contain a backslash.");
  }
  // RFC 3986: a URI is ASCII; other characters must be percent-encoded.
  if (std::any_of(uri.begin(), uri.end(),
                  [](char c) { return static_cast<unsigned char>(c) >= 0x80; })) {
    out.emplace_back("Redirect URI must be ASCII (percent-encode other characters).");
  }
  // Control characters and spaces are never part of a valid URI.
  if (std::any_of(uri.begin(), uri.end(),
                  [](char c) { return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f; })) {
    out.emplace_back("Redirect URI must not contain spaces or control characters.");
  }
  return out;
}

std::vector<std::string> redirect_uri_registration_problems(const App& app, Platform platform,
                                                            std::string_view uri) {
  auto out = redirect_uri_problems(platform, uri);
  auto same_platform = std::count_if(app.redirect_uris.begin(), app.redirect_uris.end(),
                                     [&](const RedirectUri& r) { return r.platform == platform; });
  bool duplicate =
      std::any_of(app.redirect_uris.begin(), app.redirect_uris.end(),
                  [&](const RedirectUri& r) { return r.platform == platform && r.uri == uri; });
  if (duplicate) {
    out.emplace_back("Redirect URI is already registered.");
  } else if (static_cast<std::size_t>(same_platform) >= kMaxRedirectUrisPerPlatform) {
    out.emplace_back("At most 10 redirect URIs per platform.");
  }
  return out;
}

namespace {

// Desktop "http://localhost:*/cb" matches "http://localhost:<digits>/cb" and nothing else.
bool desktop_wildcard_match(std::string_view registered, std::string_view uri) {
  auto parts = split_absolute(registered);
  if (!parts || parts->port != "*") return false;
  std::string_view prefix =
      registered.substr(0, static_cast<std::size_t>(parts->port.data() - registered.data()));
  std::string_view suffix = registered.substr(prefix.size() + 1);
  if (uri.size() <= prefix.size() + suffix.size() || !uri.starts_with(prefix) ||
      !uri.ends_with(suffix)) {
    return false;
  }
  std::string_view port = uri.substr(prefix.size(), uri.size() - prefix.size() - suffix.size());
  return port.size() <= 5 && is_digits(port);
}

}  // namespace

std::optional<Platform> match_redirect_uri(const App& app, std::string_view uri) {
  for (const auto& r : app.redirect_uris) {
    if (r.platform == Platform::kWeb && !app.web_enabled) continue;
    if (r.uri == uri) return r.platform;
    if (r.platform == Platform::kDesktop && desktop_wildcard_match(r.uri, uri)) return r.platform;
  }
  return std::nullopt;
}

}  // namespace loginkit
