#pragma once
// Between Beast's messages and the shell's plain Request/Response, and the few answers the shell
// writes itself (a refused or failed request) as JSON.
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <string>
#include <utility>
#include <vector>

#include "api/http_types.hpp"

namespace loginkit::http {

// The request as the handlers see it: lower-case header names, the path without its query and
// trailing slashes; the body is moved out of `in`. Written into `r`, whose strings (the
// previous request's on this connection) are reused; log_id is left as it is.
void to_request(boost::beast::http::request<boost::beast::http::string_body>& in,
                const std::string& remote, bool tls, Request& r);

// Writes into `out` (cleared, its capacity reused) the status line and header block of `res`
// followed by `always`, exactly as Beast's serializer wrote them for this answer: the headers in
// order, then Connection when keep-alive is not the version's default, then Content-Length (the
// body's length, for HEAD too; none for 1xx, 204 and 304). The shell owns those two headers.
// Returns whether the body goes on the wire after the head (not for HEAD, 1xx, 204, 304).
bool format_head(std::string& out, const Response& res,
                 const std::vector<std::pair<std::string, std::string>>& always, unsigned version,
                 bool keep_alive, bool head);

// A JSON error answer made here in the shell (the handler never saw the request, or failed).
Response shell_error(int status, const char* error, const std::string& description,
                     const std::string& log_id);

// Answers a request the parser refused (too big, malformed) before any handler saw it.
Response refusal(int status, const std::string& description, const std::string& log_id);

Response server_error(const std::string& log_id);

}  // namespace loginkit::http
