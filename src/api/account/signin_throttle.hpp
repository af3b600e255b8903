#pragma once
// Sign-in rate limiting shared by the end-user and developer sign-in pages (issue: per account
// and per client address).
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "api/api_context.hpp"
#include "api/http_types.hpp"

namespace loginkit::account {
// A 429 page when `account` or the client's address has failed too often recently.
std::optional<Response> throttled(ApiContext& ctx, const Request& req, const std::string& account);
// Counts an attempt from the client's address (before any hashing: a flood is slowed down
// before it costs anything).
void record_signin_attempt(ApiContext& ctx, const Request& req);
// Counts a failure against the account.
void record_failed_signin(ApiContext& ctx, const Request& req, const std::string& account);
// Checks a password with bounded concurrency; a 503 page when the server is busy hashing.
std::variant<bool, Response> check_password(const Request& req, const std::string& stored_hash,
                                            std::string_view password);
}  // namespace loginkit::account
