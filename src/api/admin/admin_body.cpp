#include "api/admin/admin_body.hpp"

#include <boost/json/parse.hpp>

#include "api/responses.hpp"

namespace loginkit::admin {

namespace json = boost::json;

Response error(int status, const std::string& code, const std::vector<std::string>& messages) {
  json::array list;
  for (const auto& m : messages) list.emplace_back(m);
  return json_response(status, json::object{{"error", code}, {"messages", std::move(list)}});
}

std::variant<json::object, Response> json_body(const Request& req) {
  if (req.body.empty()) return json::object{};
  boost::system::error_code ec;
  auto v = json::parse(req.body, ec);
  if (ec || !v.is_object()) return error(400, "invalid_json", {"The body must be a JSON object."});
  return std::move(v.as_object());
}

}  // namespace loginkit::admin
