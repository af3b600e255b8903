#pragma once
#include "api/api_context.hpp"
#include "api/http_types.hpp"

namespace loginkit::account {
Response signin_get(ApiContext& ctx, const Request& req);
Response signin_post(ApiContext& ctx, const Request& req);
Response signout(ApiContext& ctx, const Request& req);
Response connected_apps(ApiContext& ctx, const Request& req);
Response disconnect(ApiContext& ctx, const Request& req);
}  // namespace loginkit::account
