#include "api/ops_endpoints.hpp"

#include <unistd.h>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "api/responses.hpp"
#include "core/log_line.hpp"
#include "oauth/services/health.hpp"

namespace loginkit::ops {
namespace {

namespace json = boost::json;

// RFC 8414 §3: the issuer is the server's own base URL; behind a proxy the operator sets it.
std::string issuer_of(ApiContext& ctx, const Request& req) {
  if (!ctx.config.issuer.empty()) return ctx.config.issuer;
  auto host = req.header("host");
  return std::string(req.tls ? "https://" : "http://") +
         std::string(host ? *host : std::string_view("localhost"));
}

json::array strings(std::initializer_list<const char*> xs) {
  json::array a;
  for (auto* x : xs) a.emplace_back(x);
  return a;
}

}  // namespace

Response metrics(ApiContext& ctx, const Request&) {
  Response r;
  r.body = ctx.oauth.metrics ? ctx.oauth.metrics->render() : std::string();
  r.set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
  r.set("Cache-Control", "no-store");
  return r;
}

Response healthz(ApiContext&, const Request&) {
  return json_response(200, json::object{{"status", "ok"}});
}

// Ready = storage reachable and its schema at the version this binary expects. The answer names
// the check that failed and nothing more: an exception's text (paths, hosts, driver messages)
// goes to the log, never to whoever can reach this endpoint.
Response readyz(ApiContext& ctx, const Request& req) {
  auto readiness = services::check_readiness(ctx.oauth);
  if (!readiness.detail.empty()) {
    write_log_line(STDERR_FILENO, {{"level", "error"},
                                   {"log_id", req.log_id},
                                   {"what", "readiness check: " + readiness.detail}});
  }
  if (readiness.ready()) return json_response(200, json::object{{"status", "ready"}});
  return json_response(503, json::object{{"status", "not ready"}, {"reason", readiness.problem}});
}

Response authorization_server_metadata(ApiContext& ctx, const Request& req) {
  std::string iss = issuer_of(ctx, req);
  json::array scopes;
  for (const auto& s : known_scopes()) scopes.emplace_back(s);
  auto auth_methods = strings({"client_secret_post", "client_secret_basic"});
  json::object m{
      {"issuer", iss},
      {"authorization_endpoint", iss + "/v2/auth/authorize/"},
      {"token_endpoint", iss + "/v2/oauth/token/"},
      {"revocation_endpoint", iss + "/v2/oauth/revoke/"},
      {"introspection_endpoint", iss + "/v2/oauth/introspect/"},
      {"userinfo_endpoint", iss + "/v2/user/info/"},
      {"response_types_supported", strings({"code"})},
      {"response_modes_supported", strings({"query"})},
      {"grant_types_supported",
       strings({"authorization_code", "refresh_token", "client_credentials"})},
      {"code_challenge_methods_supported", strings({"S256"})},
      {"token_endpoint_auth_methods_supported", auth_methods},
      {"revocation_endpoint_auth_methods_supported", auth_methods},
      {"introspection_endpoint_auth_methods_supported", auth_methods},
      {"scopes_supported", std::move(scopes)},
      {"authorization_response_iss_parameter_supported", false},
  };
  auto r = json_response(200, m);
  // Built from the Host header, the answer is only this client's: a shared cache must not hand a
  // forged Host's URLs to everyone else. A configured issuer is the same for all, so it may be.
  r.set("Cache-Control", ctx.config.issuer.empty() ? "no-store" : "public, max-age=3600");
  return r;
}

std::pair<std::string, std::string> endpoint_of(const std::string& p) {
  static const std::pair<const char*, std::pair<const char*, const char*>> kKnown[] = {
      {"/v2/auth/authorize", {"authorize", "v2"}},
      {"/v2/oauth/token", {"token", "v2"}},
      {"/v2/oauth/revoke", {"revoke", "v2"}},
      {"/v2/oauth/introspect", {"introspect", "v2"}},
      {"/v2/user/info", {"user_info", "v2"}},
      {"/auth/authorize", {"authorize", "v1"}},
      {"/platform/oauth/connect", {"authorize", "v1"}},
      {"/oauth/access_token", {"access_token", "v1"}},
      {"/oauth/refresh_token", {"refresh_token", "v1"}},
      {"/oauth/revoke", {"revoke", "v1"}},
      {"/user/info", {"user_info", "v1"}},
  };
  for (const auto& [path, named] : kKnown) {
    if (p == path) return {named.first, named.second};
  }
  if (p.starts_with("/account")) return {"account", "-"};
  if (p.starts_with("/portal")) return {"portal", "-"};
  if (p.starts_with("/admin")) return {"admin", "-"};
  if (p == "/metrics" || p == "/healthz" || p == "/readyz" || p.starts_with("/.well-known")) {
    return {"ops", "-"};
  }
  return {"other", "-"};
}

const char* outcome_of(int status) {
  if (status == 429) return "refused";  // a rate limit, not a fault of the request's content
  if (status >= 500) return "server_error";
  if (status >= 400) return "client_error";
  return "ok";  // 1xx-3xx: redirects are how authorize answers, errors included (RFC 6749 §4.1.2.1)
}

void describe_metrics(Metrics& m) {
  m.describe("loginkit_http_requests_total", "counter",
             "HTTP requests by endpoint, API version and status.");
  m.describe("loginkit_http_request_duration_seconds", "histogram",
             "Time from a request fully read to its answer written, by endpoint and outcome "
             "(ok, client_error, refused for 429, server_error; by HTTP status class).");
  m.describe("loginkit_open_connections", "gauge", "Client connections open now.");
  m.describe("loginkit_tokens_issued_total", "counter", "Access tokens issued, by grant type.");
  m.describe("loginkit_tokens_refreshed_total", "counter", "Refresh-token rotations.");
  m.describe("loginkit_tokens_revoked_total", "counter",
             "Tokens revoked through revoke endpoints.");
  m.describe("loginkit_codes_replayed_total", "counter",
             "Authorization codes presented again (their grants were revoked).");
  m.describe("loginkit_refresh_reuse_total", "counter",
             "Rotated refresh tokens presented again (their grants were revoked).");
  m.describe("loginkit_v1_refused_total", "counter", "v1 calls refused by the sunset policy.");
  m.describe("loginkit_housekeeping_purged_total", "counter",
             "Expired codes, tokens and sessions purged in the background.");
  m.describe("loginkit_store_commits_total", "counter",
             "Durable storage commits (group commits on SQLite).");
  m.describe("loginkit_store_batched_writes_total", "counter",
             "Writes made durable; divided by commits it gives the mean batch size.");
  m.describe("loginkit_store_commit_seconds", "histogram",
             "Time to run and commit one batch of writes (fsync included).");
}

}  // namespace loginkit::ops
