#include "oauth/redirect_uri.hpp"

#include <algorithm>

namespace loginkit {
namespace {

const char* message(UriFlaw flaw) {
  switch (flaw) {
    case UriFlaw::kTooLong:
      return "Redirect URI must be shorter than 512 characters.";
    case UriFlaw::kControl:
      return "Redirect URI must not contain spaces or control characters.";
    case UriFlaw::kNonAscii:
      return "Redirect URI must be ASCII (percent-encode other characters).";
    case UriFlaw::kBackslash:
      return "Redirect URI must not contain a backslash.";
    case UriFlaw::kBadCharacter:
      return "Redirect URI must contain only characters allowed in a URI (RFC 3986; "
             "percent-encode others).";
    case UriFlaw::kNotAbsolute:
      return "Redirect URI must be absolute (scheme://host/...).";
    case UriFlaw::kHost:
      return "Redirect URI must name a valid host (letters, digits, '-' and '.').";
    case UriFlaw::kPort:
      return "Redirect URI port must be a number from 1 to 65535.";
    case UriFlaw::kUserinfo:
      return "Redirect URI must not contain a user name or password (\"name@\").";
    case UriFlaw::kFragment:
      return "Redirect URI must not contain a fragment (\"#\").";
    case UriFlaw::kScheme:
      break;  // the platform's own scheme rule says it (below)
  }
  return nullptr;
}

}  // namespace

std::vector<std::string> redirect_uri_problems(Platform platform, std::string_view uri) {
  bool desktop = platform == Platform::kDesktop;
  auto report = Uri::check(uri, {.wildcard_port = desktop});
  std::vector<std::string> out;
  for (auto flaw : report.flaws) {
    if (const char* m = message(flaw)) out.emplace_back(m);
  }
  if (!report.parts) return out;
  const auto& p = *report.parts;
  if (!desktop) {
    if (p.scheme != "https") out.emplace_back("Redirect URI must use https.");
  } else {
    if (p.scheme != "http" && p.scheme != "https") {
      out.emplace_back("Desktop redirect URI must use http or https.");
    }
    if (p.host != "localhost" && p.host != "127.0.0.1") {
      out.emplace_back("Desktop redirect URI host must be localhost or 127.0.0.1.");
    }
    if (!p.port) out.emplace_back("Desktop redirect URI must name a port (a number or *).");
  }
  if (p.query) out.emplace_back("Redirect URI must not contain a query (not even a bare \"?\").");
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

// Desktop "http://localhost:*/cb" matches "http://localhost:<port>/cb" and nothing else: every
// part but the port is compared as written.
bool desktop_wildcard_match(std::string_view registered, const Uri& candidate) {
  auto reg = Uri::parse(registered, {.wildcard_port = true});
  if (!reg || !reg->wildcard_port() || !candidate.parts().port) return false;
  const auto &r = reg->parts(), &c = candidate.parts();
  return r.scheme == c.scheme && r.host == c.host && r.path == c.path && r.query == c.query;
}

}  // namespace

std::optional<RedirectTarget> match_redirect_uri(const App& app, std::string_view uri) {
  auto parsed = Uri::parse(uri);
  if (!parsed) return std::nullopt;
  for (const auto& r : app.redirect_uris) {
    if (r.platform == Platform::kWeb && !app.web_enabled) continue;
    if (r.uri == uri ||
        (r.platform == Platform::kDesktop && desktop_wildcard_match(r.uri, *parsed))) {
      return RedirectTarget{r.platform, *parsed};
    }
  }
  return std::nullopt;
}

}  // namespace loginkit
