#pragma once
#include <boost/json/object.hpp>

#include "oauth/app_registry.hpp"

namespace loginkit::admin {
boost::json::object app_json(OAuthContext& ctx, const App& app);
// Reads {"web":[…],"desktop":[…],…}; returns false on a shape error.
bool read_redirect_uris(const boost::json::value& v, std::vector<RedirectUri>& out);
}  // namespace loginkit::admin
