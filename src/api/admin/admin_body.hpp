#pragma once
// The admin API's JSON conventions, shared by its own routes and the sandbox's
// (/admin/v1/sandbox/...), so both answer errors and read bodies the same way.
#include <boost/json/object.hpp>
#include <string>
#include <variant>
#include <vector>

#include "api/http_types.hpp"

namespace loginkit::admin {

// 4xx {"error":"<code>","messages":[…]}.
Response error(int status, const std::string& code, const std::vector<std::string>& messages);
// The body as a JSON object (an empty one when there is no body), or the 400 to answer.
std::variant<boost::json::object, Response> json_body(const Request& req);

}  // namespace loginkit::admin
