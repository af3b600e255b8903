#pragma once
#include "api/api_context.hpp"
#include "api/http_types.hpp"

namespace loginkit::portal {
Response signup(ApiContext& ctx, const Request& req);   // GET form, POST create
Response signin(ApiContext& ctx, const Request& req);   // GET form, POST check
Response signout(ApiContext& ctx, const Request& req);  // POST
}  // namespace loginkit::portal
