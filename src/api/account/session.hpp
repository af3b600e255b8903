#pragma once
// Page sessions: an opaque random cookie whose hash is stored, with a per-session CSRF token.
// Before sign-in, forms are protected by a double-submit value bound to the `lk_pre` cookie.
#include <optional>
#include <string>

#include "api/api_context.hpp"
#include "api/http_types.hpp"

namespace loginkit::account {

inline constexpr const char* kSessionCookie = "lk_session";  // end users
inline constexpr const char* kDeveloperCookie = "lk_dev";    // portal developers
inline constexpr const char* kPreCookie = "lk_pre";

std::optional<Session> current_session(ApiContext& ctx, const Request& req,
                                       SessionKind kind = SessionKind::kUser);
// Creates a session and returns its Set-Cookie header value.
std::string start_session(ApiContext& ctx, const Request& req, Id user_id,
                          SessionKind kind = SessionKind::kUser);
std::string clear_session_cookie(const Request& req, SessionKind kind = SessionKind::kUser);
std::string cookie(const Request& req, const std::string& name, const std::string& value,
                   std::int64_t max_age);
// CSRF token for the sign-in form, derived from the lk_pre cookie.
std::string pre_session_csrf(ApiContext& ctx, const std::string& pre_cookie);
// The lk_pre cookie value (empty when absent).
std::string pre_cookie_of(const Request& req);
bool csrf_matches(const std::string& expected, std::optional<std::string_view> presented);

}  // namespace loginkit::account
