#pragma once
// Browser sessions of end users and developers. The browser holds an opaque random value; only
// its SHA-256 is stored (DESIGN.md: random secrets need no slow hash), next to a per-session CSRF
// token. Cookies, their names and attributes are the api layer's business, not this one's.
#include <optional>
#include <string>
#include <string_view>

#include "oauth/context.hpp"

namespace loginkit::services {

struct StartedSession {
  std::string cookie_value;  // what the browser presents from now on; never stored
  Session session;
};

// Creates a session of `kind` for a user or developer id, valid for the configured session TTL.
StartedSession start_session(OAuthContext& ctx, Id account_id, SessionKind kind);

// The live session the cookie value names, if it has not expired and is of `kind` (a developer
// session never passes as an end user's, nor the other way round).
std::optional<Session> find_session(OAuthContext& ctx, const std::string& cookie_value,
                                    SessionKind kind);

// Signs out: the session is gone on every node.
void end_session(OAuthContext& ctx, const Session& session);

// The CSRF token of a form shown before sign-in (login CSRF, RFC 6749 §10.12): bound to the
// browser's pre-session value by an HMAC under the server key, so it needs no stored state and
// cannot be forged without the key.
std::string pre_session_csrf(const OAuthContext& ctx, const std::string& pre_value);

// Whether a form's CSRF value is the expected one, compared in constant time; an empty expected
// value never matches.
bool csrf_matches(const std::string& expected, std::optional<std::string_view> presented);

}  // namespace loginkit::services
