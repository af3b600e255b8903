#include "api/responses.hpp"

#include <boost/json/serialize.hpp>

#include "core/uri.hpp"
#include "core/utf8.hpp"
#include "web/templates.hpp"

namespace loginkit {

Response json_response(int status, const boost::json::value& body) {
  Response r;
  r.status = status;
  // Strings may carry client bytes (an unknown grant_type, a parameter name): the answer must
  // still be valid UTF-8 JSON (RFC 8259 §8.1).
  r.body = printable_utf8(boost::json::serialize(body));
  r.set("Content-Type", "application/json");
  return r;
}

Response redirect(std::string location, int status) {
  Response r;
  r.status = status;
  r.set("Location", std::move(location));
  r.set("Cache-Control", "no-store");
  // The callback URL carries a code: never leak it through Referer (RFC 9700 §4.2.4).
  r.set("Referrer-Policy", "no-referrer");
  return r;
}

Response html_response(int status, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.set("Content-Type", "text/html; charset=utf-8");
  r.set("Content-Security-Policy",
        "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "frame-ancestors 'none'; base-uri 'none'");
  r.set("X-Frame-Options", "DENY");
  r.set("X-Content-Type-Options", "nosniff");
  r.set("Referrer-Policy", "no-referrer");
  r.set("Cache-Control", "no-store");
  return r;
}

Response error_page(int status, const std::string& title, const std::string& message,
                    const std::string& log_id) {
  web::Values v{{"title", title}, {"message", message}, {"log_id", log_id}};
  return html_response(status, web::render_page("error", title, v));
}

bool is_local_path(std::string_view t) {
  return is_local_target(t);
}

}  // namespace loginkit
