#pragma once
// The one check every response header passes before it reaches the wire. Beast writes whatever
// it is given, so a CR or LF in a value (a redirect URI copied into Location, say) would end the
// header line early and let the caller's bytes become headers of their own.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace loginkit::http {

// True when `name: value` can be written as exactly one header line: the name is a non-empty
// RFC 9110 token and the value holds no CR, LF or NUL.
bool header_line_safe(std::string_view name, std::string_view value);

// The name of the first header that is not safe, or nothing when all are.
std::optional<std::string> first_unsafe_header(
    const std::vector<std::pair<std::string, std::string>>& headers);

}  // namespace loginkit::http
