#pragma once
// SPEC §1 registration rules and SPEC §2.1 exact matching of redirect URIs.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/records.hpp"

namespace loginkit {

inline constexpr std::size_t kMaxRedirectUrisPerPlatform = 10;
inline constexpr std::size_t kMaxRedirectUriLength = 512;  // must be shorter than this

// One message per broken rule; empty when the URI may be registered on `platform`.
std::vector<std::string> redirect_uri_problems(Platform platform, std::string_view uri);
// The rules plus the per-app ones (count, duplicates) for adding `uri` to `app`.
std::vector<std::string> redirect_uri_registration_problems(const App& app, Platform platform,
                                                            std::string_view uri);
// The platform whose registered list matches `uri`, if any. Web URIs count only when the app has
// web enabled. Matching is character for character, except a desktop `*` port.
std::optional<Platform> match_redirect_uri(const App& app, std::string_view uri);

}  // namespace loginkit
