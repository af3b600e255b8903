#pragma once
// Between Beast's messages and the shell's plain Request/Response, and the few answers the shell
// writes itself (a refused or failed request) as JSON.
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <string>

#include "api/http_types.hpp"

namespace loginkit::http {

// The request as the handlers see it: lower-case header names, the path without its query and
// trailing slashes; the body is moved out of `in`.
Request to_request(boost::beast::http::request<boost::beast::http::string_body>& in,
                   const std::string& remote, bool tls);

// A JSON error answer made here in the shell (the handler never saw the request, or failed).
Response shell_error(int status, const char* error, const std::string& description,
                     const std::string& log_id);

// Answers a request the parser refused (too big, malformed) before any handler saw it.
Response refusal(int status, const std::string& description, const std::string& log_id);

Response server_error(const std::string& log_id);

}  // namespace loginkit::http
