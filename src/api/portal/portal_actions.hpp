#pragma once
#include <string_view>

#include "api/portal/portal_common.hpp"

namespace loginkit::portal {
// POST /portal/apps/{key}/{action}; `app` is already known to belong to `who`.
Response app_action(ApiContext& ctx, const Request& req, const SignedIn& who, App app,
                    std::string_view action);
}  // namespace loginkit::portal
