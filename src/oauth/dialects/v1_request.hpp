#pragma once
// SPEC §3 v1 requests read from the wire, once: the token endpoints' parameters (query string,
// and a form body if one came) and user info's JSON body. Pure functions, no Beast, so the fuzz
// target fuzzes exactly what production runs.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/form.hpp"

namespace loginkit {

// Parameters from the query string (empty body, no Content-Type) and from a form body, query
// first. nullopt when either half's encoding is malformed (a v1 parameter error).
std::optional<Params> read_v1_params(std::string_view query,
                                     std::optional<std::string_view> content_type,
                                     std::string_view body);

struct V1UserInfoRequest {
  std::string access_token;
  std::optional<std::string> open_id;
  std::vector<std::string> fields;  // empty = the basic fields
};

// access_token, open_id and fields from the query string; a JSON body, parsed whatever the
// Content-Type, overrides the first two and adds its string fields. nullopt when the query is
// malformed or the body is not a JSON object.
std::optional<V1UserInfoRequest> read_v1_user_info(std::string_view query, std::string_view body);
// The JSON-body half alone, applied to `in`; false when the body is not a JSON object.
bool read_v1_user_info_body(std::string_view body, V1UserInfoRequest& in);

}  // namespace loginkit
