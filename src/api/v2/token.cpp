#include <boost/json/object.hpp>

#include "api/client_limits.hpp"
#include "api/responses.hpp"
#include "api/v2/v2_endpoints.hpp"
#include "oauth/dialect.hpp"
#include "oauth/introspect.hpp"
#include "oauth/token_endpoint.hpp"

namespace loginkit::v2 {
namespace {

// The request read once from the wire; every step below works on this.
TokenForm token_form_of(const Request& req) {
  return read_token_form(
      TokenRequest{req.header("content-type"), req.body, req.header("authorization")});
}

}  // namespace

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

namespace {

// Over a limit (api/client_limits.hpp): 429 with Retry-After whatever the error-status setting,
// so clients back off. The error code stays within SPEC §2.2's list.
Response too_many(const Request& req, const TokenForm& form, std::int64_t wait) {
  boost::json::object body{{"error", "temporarily_unavailable"},
                           {"error_description", "Rate limit exceeded; retry after " +
                                                     std::to_string(wait) + " seconds."},
                           {"log_id", req.log_id}};
  auto r = json_response(429, body);
  r.set("Retry-After", std::to_string(wait));
  r.set("Cache-Control", "no-store");
  r.client_key = form.claimed_client_key;
  return r;
}

}  // namespace

Response token(ApiContext& ctx, const Request& req) {
  TokenForm form = token_form_of(req);
  auto admission = admit_client(ctx, &ctx.token_limit, form.claimed_client_key, req);
  if (auto* wait = std::get_if<std::int64_t>(&admission)) return too_many(req, form, *wait);
  auto* admitted = &std::get<ClientAdmission>(admission);
  auto result = token_request(ctx.oauth, v2_dialect().grants(), form, admitted);
  if (auto wait = admitted->refused()) return too_many(req, form, wait);
  admitted->settle(v2_client_outcome(ctx, form, result ? nullptr : &result.error()));
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
  r.client_key = form.claimed_client_key;
  return r;
}

Response revoke(ApiContext& ctx, const Request& req) {
  TokenForm form = token_form_of(req);
  auto admission = admit_client(ctx, &ctx.revoke_limit, form.claimed_client_key, req);
  if (auto* wait = std::get_if<std::int64_t>(&admission)) return too_many(req, form, *wait);
  auto* admitted = &std::get<ClientAdmission>(admission);
  auto result = revoke_request(ctx.oauth, form, admitted);
  if (auto wait = admitted->refused()) return too_many(req, form, wait);
  admitted->settle(v2_client_outcome(ctx, form, result ? nullptr : &result.error()));
  Response r =
      result ? json_response(200, boost::json::object{}) : token_error(ctx, req, result.error());
  r.set("Cache-Control", "no-store");
  r.client_key = form.claimed_client_key;
  return r;
}

Response introspect(ApiContext& ctx, const Request& req) {
  TokenForm form = token_form_of(req);
  auto admission = admit_client(ctx, nullptr, form.claimed_client_key, req);
  if (auto* wait = std::get_if<std::int64_t>(&admission)) return too_many(req, form, *wait);
  auto* admitted = &std::get<ClientAdmission>(admission);
  auto result = introspect_request(ctx.oauth, form, admitted);
  if (auto wait = admitted->refused()) return too_many(req, form, wait);
  admitted->settle(v2_client_outcome(ctx, form, result ? nullptr : &result.error()));
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
  r.client_key = form.claimed_client_key;
  return r;
}

}  // namespace loginkit::v2
