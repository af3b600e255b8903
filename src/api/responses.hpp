#pragma once
// Shared renderers: JSON bodies, redirects, HTML pages with their security headers.
#include <boost/json/value.hpp>

#include "api/http_types.hpp"

namespace loginkit {

Response json_response(int status, const boost::json::value& body);
Response redirect(std::string location, int status = 302);
// HTML with CSP (no framing: the consent page must not be clickjacked, RFC 9700 §4.16).
Response html_response(int status, std::string body);
Response error_page(int status, const std::string& title, const std::string& message,
                    const std::string& log_id);
// Local paths only (core/uri.hpp's allow-list grammar), so a sign-in's `next` can never become
// an open redirect.
bool is_local_path(std::string_view target);

}  // namespace loginkit
