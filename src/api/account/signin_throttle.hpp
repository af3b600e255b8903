#pragma once
// Sign-in rate limiting shared by the end-user and developer sign-in pages (issue: per account
// and per client address).
#include <optional>
#include <string>

#include "api/api_context.hpp"
#include "api/http_types.hpp"

namespace loginkit::account {
// A 429 page when `account` or the client's address has failed too often recently.
std::optional<Response> throttled(ApiContext& ctx, const Request& req, const std::string& account);
void record_failed_signin(ApiContext& ctx, const Request& req, const std::string& account);
}  // namespace loginkit::account
