#pragma once
// Page sessions: an opaque random cookie whose hash is stored, with a per-session CSRF token.
// Before sign-in, forms are protected by a double-submit value bound to the `lk_pre` cookie.
#include <optional>
#include <string>

#include "api/api_context.hpp"
#include "api/http_types.hpp"
#include "oauth/services/sessions.hpp"

namespace loginkit::account {

inline constexpr const char* kSessionCookie = "lk_session";  // end users
inline constexpr const char* kDeveloperCookie = "lk_dev";    // portal developers
inline constexpr const char* kPreCookie = "lk_pre";

// Cookies are issued as `__Host-<name>` with Secure whenever the browser reaches us over https
// (a TLS listener, or an https issuer behind a TLS-terminating proxy): browsers then refuse the
// cookie from plain http and from sibling subdomains (RFC 6265bis §4.1.3.2), so neither can plant
// or overwrite a session. Only that name is read back in that case.
std::string cookie_name(const ApiContext& ctx, const Request& req, std::string_view base);

std::optional<Session> current_session(ApiContext& ctx, const Request& req,
                                       SessionKind kind = SessionKind::kUser);
// Creates a session and returns its Set-Cookie header value.
std::string start_session(ApiContext& ctx, const Request& req, Id user_id,
                          SessionKind kind = SessionKind::kUser);
std::string clear_session_cookie(const ApiContext& ctx, const Request& req,
                                 SessionKind kind = SessionKind::kUser);
// A Set-Cookie value for the cookie called `base` (see cookie_name).
std::string cookie(const ApiContext& ctx, const Request& req, std::string_view base,
                   const std::string& value, std::int64_t max_age);
// CSRF token for the sign-in form, derived from the lk_pre cookie.
std::string pre_session_csrf(ApiContext& ctx, const std::string& pre_cookie);
// The lk_pre cookie value (empty when absent).
std::string pre_cookie_of(const ApiContext& ctx, const Request& req);
using services::csrf_matches;

}  // namespace loginkit::account
