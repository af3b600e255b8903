#pragma once
// Finding registered apps (SPEC §1) for the pages and APIs that show them. Changing an app goes
// through oauth/app_registry.hpp instead.
#include <optional>
#include <string>
#include <vector>

#include "oauth/context.hpp"

namespace loginkit::services {

std::optional<App> find_app(OAuthContext& ctx, const std::string& client_key);
std::vector<App> all_apps(OAuthContext& ctx);

// A developer's own app by client key. Someone else's app is reported exactly like a missing
// one, so the portal cannot be used to learn which client keys exist.
std::optional<App> find_developer_app(OAuthContext& ctx, Id developer_id,
                                      const std::string& client_key);
std::vector<App> developer_apps(OAuthContext& ctx, Id developer_id);

}  // namespace loginkit::services
