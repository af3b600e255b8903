#include <boost/json/object.hpp>

#include "api/client_limits.hpp"
#include "api/responses.hpp"
#include "api/v2/v2_endpoints.hpp"
#include "oauth/client_auth.hpp"
#include "oauth/introspect.hpp"
#include "oauth/token_endpoint.hpp"

namespace loginkit::v2 {
namespace {

TokenRequest token_request_of(const Request& req) {
  return TokenRequest{req.header("content-type"), req.body, req.header("authorization")};
}

// SPEC §2.2: flat JSON error with log_id; every token answer carries Cache-Control: no-store.
Response token_error(ApiContext& ctx, const Request& req, const OAuthError& e) {
  boost::json::object body;
  body["error"] = e.code;
  body["error_description"] = e.description;
  body["log_id"] = req.log_id;
  auto r = json_response(token_error_status(e, ctx.config.oauth.error_status), body);
  r.set("Cache-Control", "no-store");
  r.set("Pragma", "no-cache");
  if (r.status == 401) r.set("WWW-Authenticate", "Basic realm=\"loginkit\"");
  return r;
}

// The client the request names (unverified): body first, then HTTP Basic.
std::string client_key_for_log(const Request& req) {
  auto params = parse_form(req.body);
  std::string key = params ? claimed_client_key(*params) : std::string();
  if (key.empty()) {
    if (auto auth = req.header("authorization")) key = basic_client_id(*auth).value_or("");
  }
  return key;
}

// Over a limit (api/client_limits.hpp): 429 with Retry-After whatever the error-status setting,
// so clients back off. The error code stays within SPEC §2.2's list.
Response too_many(const Request& req, std::int64_t wait) {
  boost::json::object body{{"error", "temporarily_unavailable"},
                           {"error_description", "Rate limit exceeded; retry after " +
                                                     std::to_string(wait) + " seconds."},
                           {"log_id", req.log_id}};
  auto r = json_response(429, body);
  r.set("Retry-After", std::to_string(wait));
  r.set("Cache-Control", "no-store");
  r.client_key = client_key_for_log(req);
  return r;
}

}  // namespace

Response token(ApiContext& ctx, const Request& req) {
  auto admission = admit_client(ctx, &ctx.token_limit, client_key_for_log(req), req);
  if (auto* wait = std::get_if<std::int64_t>(&admission)) return too_many(req, *wait);
  auto result = token_request(ctx.oauth, ctx.v2_grants, token_request_of(req));
  std::get<ClientAdmission>(admission).settle(
      v2_client_outcome(ctx, req, result ? nullptr : &result.error()));
  Response r;
  if (!result) {
    r = token_error(ctx, req, result.error());
  } else {
    // SPEC §2.2 field order.
    boost::json::object body;
    body["access_token"] = result->access_token;
    body["expires_in"] = result->expires_in;
    if (result->user) {
      body["open_id"] = result->user->open_id;
      body["refresh_expires_in"] = result->user->refresh_expires_in;
      body["refresh_token"] = result->user->refresh_token;
      body["scope"] = result->user->scope;
    }
    body["token_type"] = result->token_type;
    r = json_response(200, body);
    r.set("Cache-Control", "no-store");
    r.set("Pragma", "no-cache");
  }
  r.client_key = client_key_for_log(req);
  return r;
}

Response revoke(ApiContext& ctx, const Request& req) {
  auto admission = admit_client(ctx, &ctx.revoke_limit, client_key_for_log(req), req);
  if (auto* wait = std::get_if<std::int64_t>(&admission)) return too_many(req, *wait);
  auto result = revoke_request(ctx.oauth, token_request_of(req));
  std::get<ClientAdmission>(admission).settle(
      v2_client_outcome(ctx, req, result ? nullptr : &result.error()));
  Response r =
      result ? json_response(200, boost::json::object{}) : token_error(ctx, req, result.error());
  r.set("Cache-Control", "no-store");
  r.client_key = client_key_for_log(req);
  return r;
}

Response introspect(ApiContext& ctx, const Request& req) {
  auto admission = admit_client(ctx, nullptr, client_key_for_log(req), req);
  if (auto* wait = std::get_if<std::int64_t>(&admission)) return too_many(req, *wait);
  auto result = introspect_request(ctx.oauth, token_request_of(req));
  std::get<ClientAdmission>(admission).settle(
      v2_client_outcome(ctx, req, result ? nullptr : &result.error()));
  Response r;
  if (!result) {
    r = token_error(ctx, req, result.error());
  } else if (!result->active) {
    r = json_response(200, boost::json::object{{"active", false}});
  } else {
    boost::json::object body{{"active", true},
                             {"scope", result->scope},
                             {"client_id", result->client_id},
                             {"token_type", result->token_type},
                             {"exp", result->exp}};
    if (!result->sub.empty()) body["sub"] = result->sub;
    r = json_response(200, body);
  }
  r.set("Cache-Control", "no-store");
  r.client_key = client_key_for_log(req);
  return r;
}

}  // namespace loginkit::v2
