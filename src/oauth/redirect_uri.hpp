#pragma once
// SPEC §1 registration rules and SPEC §2.1 exact matching of redirect URIs.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/uri.hpp"
#include "store/records.hpp"

namespace loginkit {

inline constexpr std::size_t kMaxRedirectUrisPerPlatform = 10;
inline constexpr std::size_t kMaxRedirectUriLength = kMaxUriLength;  // must be shorter than this

// Where an authorization may send the browser: the platform whose list matched and the URI,
// parsed and validated (its text is what the client sent, rebuilt from the parsed parts).
struct RedirectTarget {
  Platform platform = Platform::kWeb;
  Uri uri;
};

// One message per broken rule; empty when the URI may be registered on `platform`.
std::vector<std::string> redirect_uri_problems(Platform platform, std::string_view uri);
// The rules plus the per-app ones (count, duplicates) for adding `uri` to `app`.
std::vector<std::string> redirect_uri_registration_problems(const App& app, Platform platform,
                                                            std::string_view uri);
// The registered URI that `uri` matches, if any, and only when it is a valid URI. Web URIs count
// only when the app has web enabled. Matching is character for character, except a desktop `*`
// port, which stands for a port from 1 to 65535.
std::optional<RedirectTarget> match_redirect_uri(const App& app, std::string_view uri);

}  // namespace loginkit
