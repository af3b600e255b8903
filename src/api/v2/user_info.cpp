#include <boost/json/object.hpp>

#include "api/responses.hpp"
#include "api/v2/v2_endpoints.hpp"
#include "oauth/userinfo.hpp"

namespace loginkit::v2 {

Response user_info_error(const Request& req, const OAuthError& e) {
  boost::json::object error{{"code", e.code}, {"message", e.description}, {"log_id", req.log_id}};
  auto r = json_response(e.http_status, boost::json::object{{"data", boost::json::object{}},
                                                            {"error", std::move(error)}});
  r.set("Cache-Control", "no-store");
  if (r.status == 401) r.set("WWW-Authenticate", "Bearer error=\"invalid_token\"");
  return r;
}

// SPEC §2.4: {"data":{"user":{…}},"error":{"code":"ok","message":"","log_id":…}}, JSON whatever
// the Accept header says.
Response user_info(ApiContext& ctx, const Request& req) {
  // Per access token (the limiter keeps only a keyed hash of it).
  if (auto presented = bearer_token(req.header("authorization"))) {
    auto slot = ctx.userinfo_limit.acquire(*presented);
    if (auto wait = slot.retry_after(); wait > 0) {
      boost::json::object error{
          {"code", "rate_limit_exceeded"},
          {"message", "Rate limit exceeded; retry after " + std::to_string(wait) + " seconds."},
          {"log_id", req.log_id}};
      auto r = json_response(
          429, boost::json::object{{"data", boost::json::object{}}, {"error", std::move(error)}});
      r.set("Retry-After", std::to_string(wait));
      return r;
    }
  }
  auto query = parse_form(req.query);
  std::optional<std::string_view> fields;
  if (query) fields = query->get("fields");
  auto result = query ? loginkit::user_info(ctx.oauth, req.header("authorization"), fields)
                      : Result<UserFields>(make_error("invalid_params", "The query is malformed."));
  if (!result) return user_info_error(req, result.error());
  boost::json::object user;
  for (const auto& [name, value] : *result) {
    std::visit([&, n = name](const auto& v) { user[n] = v; }, value);
  }
  boost::json::object error{{"code", "ok"}, {"message", ""}, {"log_id", req.log_id}};
  auto r = json_response(
      200, boost::json::object{{"data", boost::json::object{{"user", std::move(user)}}},
                               {"error", std::move(error)}});
  r.set("Cache-Control", "no-store");
  return r;
}

}  // namespace loginkit::v2
