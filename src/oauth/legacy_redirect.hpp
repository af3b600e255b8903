#pragma once
// SPEC §3 v1 redirect rules: a web flow's https redirect URI must be on a registered legacy
// redirect domain (or a subdomain of one); a mobile flow's must equal a registered Android/iOS URI.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "oauth/redirect_uri.hpp"
#include "store/records.hpp"

namespace loginkit {

// The target of a v1 authorization, if `uri` is valid and allowed; its host is compared as
// parsed, and the URI is rebuilt from its validated parts.
std::optional<RedirectTarget> match_v1_redirect_uri(const App& app, std::string_view uri);
// One message per broken rule for registering `domain` (a bare host name).
std::vector<std::string> legacy_domain_problems(const App& app, std::string_view domain);

}  // namespace loginkit
