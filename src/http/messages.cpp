#include "http/messages.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <cctype>

namespace loginkit::http {

namespace bhttp = boost::beast::http;

Request to_request(bhttp::request<bhttp::string_body>& in, const std::string& remote, bool tls) {
  Request r;
  r.method = std::string(in.method_string());
  std::string_view target = in.target();
  auto q = target.find('?');
  r.path = std::string(target.substr(0, q));
  if (q != std::string_view::npos) r.query = std::string(target.substr(q + 1));
  // SPEC: every path is accepted with and without its trailing slash.
  while (r.path.size() > 1 && r.path.back() == '/') r.path.pop_back();
  for (const auto& field : in) {
    std::string name(field.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    r.headers.emplace_back(std::move(name), std::string(field.value()));
  }
  r.body = std::move(in.body());
  r.remote_address = remote;
  r.tls = tls;
  return r;
}

Response shell_error(int status, const char* error, const std::string& description,
                     const std::string& log_id) {
  Response r;
  r.status = status;
  r.body = boost::json::serialize(boost::json::object{
      {"error", error}, {"error_description", description}, {"log_id", log_id}});
  r.set("Content-Type", "application/json");
  r.set("Cache-Control", "no-store");
  return r;
}

Response refusal(int status, const std::string& description, const std::string& log_id) {
  return shell_error(status, "invalid_request", description, log_id);
}

Response server_error(const std::string& log_id) {
  return shell_error(500, "server_error", "The server failed to process the request.", log_id);
}

}  // namespace loginkit::http
