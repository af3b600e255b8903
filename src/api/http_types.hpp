#pragma once
// The plain values the http shell hands to endpoints and gets back (DESIGN.md): no Beast here.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/form.hpp"

namespace loginkit {

struct Request {
  std::string method;
  std::string path;   // without the query, trailing slash removed (SPEC: both forms accepted)
  std::string query;  // raw, without '?'
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-case
  std::string body;
  std::string remote_address;
  bool tls = false;
  std::string log_id;

  std::optional<std::string_view> header(std::string_view name) const {
    for (const auto& [k, v] : headers) {
      if (iequals(k, name)) return std::string_view(v);
    }
    return std::nullopt;
  }
};

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string client_key;  // for the log line only

  Response& set(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
};

}  // namespace loginkit
