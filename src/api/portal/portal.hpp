#pragma once
// The developer portal (docs/server-contract.md "Developer portal"): developers manage their
// apps, Login Kit and redirect URIs under the same rules as the CLI and admin API.
#include "api/api_context.hpp"
#include "api/http_types.hpp"

namespace loginkit::portal {
// Every /portal path.
Response handle(ApiContext& ctx, const Request& req);
}  // namespace loginkit::portal
