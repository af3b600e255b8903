#pragma once
// SPEC §2.4 GET /v2/user/info/.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/error.hpp"
#include "oauth/context.hpp"
#include "oauth/dialect.hpp"

namespace loginkit {

using FieldValue = std::variant<std::string, std::int64_t, bool>;
using UserFields = std::vector<std::pair<std::string, FieldValue>>;

// Errors carry the v2 user-info codes: access_token_invalid (401), invalid_params (400),
// scope_permission_missed (400).
Result<UserFields> user_info(OAuthContext& ctx, std::optional<std::string_view> authorization,
                             std::optional<std::string_view> fields);

// A live user access token of the dialect's version, joined with its user (both versions' user
// info and v1 revoke): malformed, unknown, client, revoked, expired or other-version tokens fail.
Result<AccessContext> live_access_token(OAuthContext& ctx, const Dialect& dialect,
                                        std::string_view presented);

// The scope that guards `field`, or nullopt when the field is unknown.
std::optional<std::string_view> field_scope(std::string_view field);

FieldValue user_field(std::string_view field, const User& user, const std::string& open_id,
                      const std::string& union_id);

// Bearer token from an Authorization header (RFC 6750 §2.1), or nullopt.
std::optional<std::string_view> bearer_token(std::optional<std::string_view> authorization);

}  // namespace loginkit
