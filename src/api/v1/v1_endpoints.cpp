#include "api/v1/v1_endpoints.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "api/client_limits.hpp"
#include "api/responses.hpp"
#include "oauth/v1_api.hpp"

namespace loginkit::v1 {
namespace {

namespace json = boost::json;

// SPEC §3: parameters in the query string, or a form body; read once.
std::optional<Params> v1_params(const Request& req) {
  return read_v1_params(req.query, req.header("content-type"), req.body);
}

json::object error_data(const OAuthError& e) {
  return json::object{{"error_code", v1_error_code(e)},
                      {"description", e.description},
                      {"captcha", ""},
                      {"desc_url", ""}};
}

// SPEC §3 gives the error envelope's data exactly four keys, and clients that compare it strictly
// break on a fifth; the log id travels in the header the platform uses for it instead.
Response with_log_id(Response r, const Request& req) {
  r.set("X-Tt-Logid", req.log_id);
  return r;
}

}  // namespace

Response envelope_error(const OAuthError& e, const Request& req) {
  return with_log_id(
      json_response(200, json::object{{"data", error_data(e)}, {"message", "error"}}), req);
}

Response user_info_error(const OAuthError& e, const Request& req) {
  json::object error{{"code", v1_error_code(e)}, {"message", e.description}};
  auto out = with_log_id(
      json_response(200, json::object{{"data", json::object{}}, {"error", std::move(error)}}), req);
  out.set("Cache-Control", "no-store");
  return out;
}

namespace {

Response envelope_ok(json::object data, const Request& req) {
  data["error_code"] = 0;
  data["description"] = "";
  data["captcha"] = "";
  data["desc_url"] = "";
  data["log_id"] = req.log_id;
  return with_log_id(
      json_response(200, json::object{{"data", std::move(data)}, {"message", "success"}}), req);
}

Response token_answer(ApiContext& ctx, const Request& req, const Result<TokenResponse>& r,
                      const V1Call& call) {
  record_v1_call(ctx.oauth, call);
  Response out;
  if (!r) {
    out = envelope_error(r.error(), req);
  } else {
    json::object data{{"access_token", r->access_token}, {"expires_in", r->expires_in}};
    if (r->user) {
      data["open_id"] = r->user->open_id;
      data["refresh_expires_in"] = r->user->refresh_expires_in;
      data["refresh_token"] = r->user->refresh_token;
      data["scope"] = r->user->scope;
    }
    out = envelope_ok(std::move(data), req);
  }
  out.set("Cache-Control", "no-store");
  return out;
}

Response malformed(const Request& req) {
  return envelope_error(v1_dialect().fail(Fail::kMalformed), req);
}

// Over a limit (api/client_limits.hpp): v1 answers stay HTTP 200 in the envelope (SPEC §3), with
// Retry-After.
Response v1_too_many(const Request& req, std::int64_t wait) {
  auto r = envelope_error(v1_dialect().fail(Fail::kRateLimited, std::to_string(wait)), req);
  r.set("Retry-After", std::to_string(wait));
  return r;
}

using TokenOperation = Result<TokenResponse> (*)(OAuthContext&, const Params&, V1Call&);

Response token_endpoint(ApiContext& ctx, const Request& req, TokenOperation operation) {
  auto params = v1_params(req);
  if (!params) return malformed(req);
  auto admission = admit_client(ctx, &ctx.token_limit, params->get_or("client_key"), req);
  if (auto* wait = std::get_if<std::int64_t>(&admission)) return v1_too_many(req, *wait);
  auto& admitted = std::get<ClientAdmission>(admission);
  V1Call call;
  call.gate = &admitted;  // judges nothing on v1 refresh (no secret)
  auto r = operation(ctx.oauth, *params, call);
  if (auto wait = admitted.refused()) return v1_too_many(req, wait);
  admitted.settle(v1_client_outcome(ctx, *params, r ? nullptr : &r.error()));
  auto out = token_answer(ctx, req, r, call);
  out.client_key = params->get_or("client_key");
  return out;
}

}  // namespace

Response access_token(ApiContext& ctx, const Request& req) {
  return token_endpoint(ctx, req, &v1_access_token);
}

Response refresh_token(ApiContext& ctx, const Request& req) {
  return token_endpoint(ctx, req, &v1_refresh_token);
}

Response revoke(ApiContext& ctx, const Request& req) {
  auto params = v1_params(req);
  if (!params) return malformed(req);
  V1Call call;
  auto r = v1_revoke(ctx.oauth, *params, call);
  record_v1_call(ctx.oauth, call);
  return r ? envelope_ok(json::object{}, req) : envelope_error(r.error(), req);
}

// SPEC §3: access_token (and open_id) from a JSON body, parsed whatever the Content-Type, or from
// the query string; answers {"data":{"user":{…}},"error":{"code":0,"message":""}}.
Response user_info(ApiContext& ctx, const Request& req) {
  auto read = read_v1_user_info(req.query, req.body);
  bool ok = read.has_value();
  V1UserInfoRequest in = read.value_or(V1UserInfoRequest{});
  std::int64_t wait = 0;
  if (ok && !in.access_token.empty()) {
    wait = ctx.userinfo_limit.acquire(in.access_token).retry_after();
  }
  const Dialect& v1 = v1_dialect();
  Result<UserFields> r =
      !ok        ? Result<UserFields>(v1.fail(Fail::kMalformed, "The request body is not JSON."))
      : wait > 0 ? Result<UserFields>(v1.fail(Fail::kRateLimited, std::to_string(wait)))
                 : Result<UserFields>(UserFields{});
  V1Call call;
  call.endpoint = "user_info";
  if (ok && wait == 0) {
    r = v1_user_info(ctx.oauth, in, call);
    record_v1_call(ctx.oauth, call);
  }
  if (!r) {
    auto out = user_info_error(r.error(), req);
    if (wait > 0) out.set("Retry-After", std::to_string(wait));
    return out;
  }
  json::object user;
  for (const auto& [name, value] : *r) {
    std::visit([&, n = name](const auto& x) { user[n] = x; }, value);
  }
  json::object data{{"user", std::move(user)}};
  json::object error{{"code", 0}, {"message", ""}};
  auto out = with_log_id(
      json_response(200, json::object{{"data", std::move(data)}, {"error", std::move(error)}}),
      req);
  out.set("Cache-Control", "no-store");
  return out;
}

}  // namespace loginkit::v1
