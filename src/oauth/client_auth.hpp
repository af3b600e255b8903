#pragma once
// SPEC §2.2 client authentication: client_key/client_secret in the body, HTTP Basic
// (RFC 6749 §2.3.1) and client_id as an alias of client_key.
#include <optional>
#include <string_view>

#include "core/error.hpp"
#include "core/form.hpp"
#include "oauth/context.hpp"

namespace loginkit {

Result<App> authenticate_client(OAuthContext& ctx, const Params& body,
                                std::optional<std::string_view> authorization_header);

// The client id an HTTP Basic header names (unverified), for logs and rate limits.
std::optional<std::string> basic_client_id(std::string_view authorization_header);

// RFC 6749 §3.2: a parameter sent more than once is invalid_request. Returns its name.
std::optional<std::string> duplicated_parameter(const Params& params);

}  // namespace loginkit
