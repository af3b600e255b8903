#include "http/messages.hpp"

#include <boost/beast/http/status.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <cctype>
#include <charconv>

namespace loginkit::http {

namespace bhttp = boost::beast::http;

void to_request(bhttp::request<bhttp::string_body>& in, const std::string& remote, bool tls,
                Request& r) {
  r.method.assign(in.method_string());
  std::string_view target = in.target();
  auto q = target.find('?');
  r.path.assign(target.substr(0, q));
  if (q != std::string_view::npos) {
    r.query.assign(target.substr(q + 1));
  } else {
    r.query.clear();
  }
  // SPEC: every path is accepted with and without its trailing slash.
  while (r.path.size() > 1 && r.path.back() == '/') r.path.pop_back();
  std::size_t n = 0;
  for (const auto& field : in) {
    if (n == r.headers.size()) r.headers.emplace_back();
    auto& [name, value] = r.headers[n++];
    name.assign(field.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    value.assign(field.value());
  }
  r.headers.resize(n);
  r.body = std::move(in.body());
  r.remote_address.assign(remote);
  r.tls = tls;
}

namespace {

void append_number(std::string& out, std::size_t n) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, n);
  out.append(buf, end);
}

}  // namespace

bool format_head(std::string& out, const Response& res,
                 const std::vector<std::pair<std::string, std::string>>& always, unsigned version,
                 bool keep_alive, bool head) {
  out.clear();
  out.append("HTTP/");
  append_number(out, version / 10);
  out.push_back('.');
  append_number(out, version % 10);
  out.push_back(' ');
  append_number(out, static_cast<std::size_t>(res.status));
  out.push_back(' ');
  out.append(bhttp::obsolete_reason(static_cast<bhttp::status>(res.status)));
  out.append("\r\n");
  auto add = [&out](const std::vector<std::pair<std::string, std::string>>& headers) {
    for (const auto& [name, value] : headers) {
      if (iequals(name, "content-length") || iequals(name, "connection")) continue;
      out.append(name);
      out.append(": ");
      out.append(value);
      out.append("\r\n");
    }
  };
  add(res.headers);
  add(always);
  if (version >= 11 && !keep_alive) out.append("Connection: close\r\n");
  if (version < 11 && keep_alive) out.append("Connection: keep-alive\r\n");
  bool bodiless = res.status / 100 == 1 || res.status == 204 || res.status == 304;
  if (!bodiless) {
    out.append("Content-Length: ");
    append_number(out, res.body.size());
    out.append("\r\n");
  }
  out.append("\r\n");
  return !head && !bodiless;
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
