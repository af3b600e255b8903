#pragma once
// SPEC §2.2 client authentication: client_key/client_secret in the body, HTTP Basic
// (RFC 6749 §2.3.1) and client_id as an alias of client_key.
#include <optional>
#include <string_view>

#include "core/error.hpp"
#include "core/form.hpp"
#include "oauth/context.hpp"
#include "oauth/dialect.hpp"

namespace loginkit {

// Who the client says it is, read from the wire by its dialect.
struct ClientCredentials {
  std::string id;                     // empty: none sent
  std::optional<std::string> secret;  // absent: none sent
};

// SPEC §2.2 (v2): body client_key/client_secret, HTTP Basic and client_id as an alias, all naming
// the same client; a malformed header or two identities is invalid_request.
Result<ClientCredentials> v2_client_credentials(const Params& body,
                                                std::optional<std::string_view> authorization);

enum class SecretCheck { kRequired, kSkipped };  // v1 refresh sends no secret (SPEC §3)

// The one client authentication of both versions: the client must exist, the sunset policy must
// allow it (v1), and its secret must match, compared in constant time. `trace.gate` (the
// failed-authentication limit) admits the attempt just before the compare and hears of a match.
Result<App> authenticate_client(OAuthContext& ctx, const Dialect& dialect,
                                const ClientCredentials& credentials, SecretCheck check,
                                CallTrace& trace);

// v2 credentials from the wire, authenticated.
Result<App> authenticate_client(OAuthContext& ctx, const Params& body,
                                std::optional<std::string_view> authorization_header);

// The client id an HTTP Basic header names (unverified), for logs and rate limits.
std::optional<std::string> basic_client_id(std::string_view authorization_header);

// RFC 6749 §3.2: a parameter sent more than once is invalid_request. Returns its name.
std::optional<std::string> duplicated_parameter(const Params& params);

}  // namespace loginkit
