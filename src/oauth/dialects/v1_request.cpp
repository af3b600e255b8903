#include "oauth/dialects/v1_request.hpp"

#include <boost/json/parse.hpp>

#include "core/scopes.hpp"

namespace loginkit {

std::optional<Params> read_v1_params(std::string_view query,
                                     std::optional<std::string_view> content_type,
                                     std::string_view body) {
  auto params = parse_form(query);
  if (!params) return std::nullopt;
  bool form_body = !body.empty() && (!content_type || content_type->find("x-www-form-urlencoded") !=
                                                          std::string_view::npos);
  if (form_body) {
    auto from_body = parse_form(body);
    if (!from_body) return std::nullopt;
    for (const auto& [k, v] : from_body->items()) params->add(k, v);
  }
  return params;
}

bool read_v1_user_info_body(std::string_view body, V1UserInfoRequest& in) {
  boost::system::error_code ec;
  auto v = boost::json::parse(body, ec);
  if (ec || !v.is_object()) return false;
  const auto& o = v.as_object();
  if (auto* t = o.if_contains("access_token"); t && t->is_string()) {
    in.access_token = t->as_string();
  }
  if (auto* t = o.if_contains("open_id"); t && t->is_string()) {
    in.open_id = std::string(t->as_string());
  }
  if (auto* f = o.if_contains("fields"); f && f->is_array()) {
    for (const auto& x : f->as_array()) {
      if (x.is_string()) in.fields.emplace_back(x.as_string());
    }
  }
  return true;
}

std::optional<V1UserInfoRequest> read_v1_user_info(std::string_view query, std::string_view body) {
  auto q = parse_form(query);
  if (!q) return std::nullopt;
  V1UserInfoRequest in;
  in.access_token = q->get_or("access_token");
  if (auto o = q->get("open_id")) in.open_id = std::string(*o);
  for (const auto& f : parse_scopes(q->get_or("fields"))) in.fields.push_back(f);
  if (!body.empty() && !read_v1_user_info_body(body, in)) return std::nullopt;
  return in;
}

}  // namespace loginkit
