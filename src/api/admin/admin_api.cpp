#include "api/admin/admin_api.hpp"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <iostream>

#include "api/admin/admin_body.hpp"
#include "api/admin/app_json.hpp"
#include "api/responses.hpp"
#include "api/sandbox_hooks.hpp"
#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "core/utf8.hpp"
#include "oauth/services/accounts.hpp"
#include "oauth/services/app_directory.hpp"
#include "oauth/services/audit_trail.hpp"
#include "oauth/services/migration_status.hpp"
#include "oauth/userinfo.hpp"

namespace loginkit::admin {
namespace {

namespace json = boost::json;

Response fail(int status, const std::string& code, const std::vector<std::string>& messages) {
  return error(status, code, messages);
}

Response outcome_response(ApiContext& ctx, const RegistryOutcome& out, int status = 200) {
  if (!out.ok()) {
    int status = out.error == "not_found" ? 404 : out.error == "conflict" ? 409 : 400;
    return fail(status, out.error, out.messages);
  }
  auto body = app_json(ctx.oauth, out.app);
  if (!out.client_secret.empty()) body["client_secret"] = out.client_secret;
  return json_response(status, body);
}

std::string str(const json::object& o, std::string_view key) {
  auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

bool flag(const json::object& o, std::string_view key, bool fallback) {
  auto* v = o.if_contains(key);
  return v && v->is_bool() ? v->as_bool() : fallback;
}

std::int64_t number(const json::object& o, std::string_view key) {
  auto* v = o.if_contains(key);
  return v && v->is_int64() ? v->as_int64() : 0;
}

ScopeList scopes_of(const json::object& o) {
  ScopeList out;
  if (auto* v = o.if_contains("scopes"); v && v->is_array()) {
    for (const auto& s : v->as_array()) {
      if (s.is_string()) out.emplace_back(s.as_string());
    }
  } else if (v && v->is_string()) {
    out = parse_scopes(v->as_string());
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Response create_user(ApiContext& ctx, const json::object& b) {
  User u;
  u.username = str(b, "username");
  std::string pw = str(b, "password");
  u.display_name = str(b, "display_name");
  u.avatar_url = str(b, "avatar_url");
  if (u.username.empty() || pw.size() < 8 || !is_printable_utf8(u.username) ||
      !is_printable_utf8(u.display_name) || !is_printable_utf8(u.avatar_url)) {
    return fail(400, "invalid_user", {"username is required and password needs 8+ characters."});
  }
  u.bio_description = str(b, "bio_description");
  u.is_verified = flag(b, "is_verified", false);
  u.follower_count = number(b, "follower_count");
  u.following_count = number(b, "following_count");
  u.likes_count = number(b, "likes_count");
  u.video_count = number(b, "video_count");
  auto created = services::create_user(ctx.oauth, u, pw);
  if (created.taken) return fail(409, "conflict", {"That username is taken."});
  return json_response(201, json::object{{"id", created.id}, {"username", u.username}});
}

Response create_developer(ApiContext& ctx, const json::object& b) {
  std::string email = str(b, "email"), pw = str(b, "password");
  if (email.find('@') == std::string::npos || pw.size() < 8 || !is_printable_utf8(email) ||
      !is_printable_utf8(str(b, "name"))) {
    return fail(400, "invalid_developer",
                {"A valid email and an 8+ character password are required."});
  }
  auto created = services::create_developer(ctx.oauth, {email, str(b, "name"), pw});
  if (created.taken) return fail(409, "conflict", {"That email is taken."});
  return json_response(201, json::object{{"id", created.id}, {"email", email}});
}

Response create_app_request(ApiContext& ctx, const json::object& b) {
  NewApp spec;
  spec.name = str(b, "name");
  spec.developer_id = services::admin_developer(ctx.oauth, str(b, "developer"));
  if (spec.developer_id == 0) return fail(400, "invalid_app", {"Unknown developer."});
  spec.scopes = scopes_of(b);
  spec.login_kit = flag(b, "login_kit", true);
  spec.web_enabled = flag(b, "web", true);
  spec.require_pkce_web = flag(b, "require_pkce_web", false);
  if (auto* d = b.if_contains("legacy_domains"); d && d->is_array()) {
    for (const auto& x : d->as_array()) {
      if (x.is_string()) spec.legacy_domains.emplace_back(x.as_string());
    }
  }
  if (auto* r = b.if_contains("redirect_uris"); r && !read_redirect_uris(*r, spec.redirect_uris)) {
    return fail(400, "invalid_app", {"redirect_uris must map platforms to lists of strings."});
  }
  return outcome_response(ctx, create_app(ctx.oauth, "admin", spec), 201);
}

Response app_request(ApiContext& ctx, const Request& req, std::string_view rest,
                     const json::object& b) {
  auto slash = rest.find('/');
  std::string key(rest.substr(0, slash));
  std::string_view action = slash == std::string_view::npos ? "" : rest.substr(slash + 1);
  auto app = services::find_app(ctx.oauth, key);
  if (!app) return fail(404, "not_found", {"No app has that client key."});
  auto& o = ctx.oauth;
  if (action.empty() && req.method == "GET") return json_response(200, app_json(o, *app));
  if (action == "rotate-secret" && req.method == "POST") {
    return outcome_response(ctx, rotate_secret(o, "admin", std::move(*app)));
  }
  if (action == "redirect-uris" && (req.method == "POST" || req.method == "DELETE")) {
    auto platform = parse_platform(str(b, "platform"));
    if (!platform)
      return fail(400, "invalid_platform", {"platform must be web, desktop, android or ios."});
    return outcome_response(
        ctx, req.method == "POST"
                 ? add_redirect_uri(o, "admin", std::move(*app), *platform, str(b, "uri"))
                 : remove_redirect_uri(o, "admin", std::move(*app), *platform, str(b, "uri")));
  }
  if (action == "legacy-domains" && (req.method == "POST" || req.method == "DELETE")) {
    return outcome_response(
        ctx, req.method == "POST"
                 ? add_legacy_domain(o, "admin", std::move(*app), str(b, "domain"))
                 : remove_legacy_domain(o, "admin", std::move(*app), str(b, "domain")));
  }
  if (action == "audit" && req.method == "GET") {
    json::array events;
    for (const auto& e : services::audit_trail(ctx.oauth, app->id, 200)) {
      events.emplace_back(json::object{
          {"at", e.at}, {"actor", e.actor}, {"action", e.action}, {"detail", e.detail}});
    }
    return json_response(
        200, json::object{{"client_key", app->client_key}, {"events", std::move(events)}});
  }
  if (action == "scopes" && req.method == "PUT") {
    return outcome_response(ctx, set_scopes(o, "admin", std::move(*app), scopes_of(b)));
  }
  if (action == "login-kit" && req.method == "PUT") {
    // A switch the body leaves out keeps its current value, read afresh by the registry.
    auto given = [&](std::string_view key) -> std::optional<bool> {
      auto* v = b.if_contains(key);
      if (v && v->is_bool()) return v->as_bool();
      return std::nullopt;
    };
    return outcome_response(ctx, set_login_kit(o, "admin", std::move(*app), given("login_kit"),
                                               given("web"), given("require_pkce_web")));
  }
  return fail(404, "not_found", {"Unknown admin operation."});
}

Response clock_request(ApiContext& ctx, const json::object& b) {
  if (!ctx.test_clock) return fail(404, "not_found", {"The test clock is off."});
  if (auto* v = b.if_contains("advance"); v && v->is_int64())
    ctx.test_clock->advance(v->as_int64());
  if (auto* v = b.if_contains("set"); v && v->is_int64()) ctx.test_clock->set(v->as_int64());
  return json_response(200, json::object{{"now", ctx.test_clock->now()}});
}

}  // namespace

json::object migration_json(ApiContext& ctx) {
  auto status = services::migration_status(ctx.oauth, services::all_apps(ctx.oauth));
  json::array apps;
  for (const auto& r : status.rows) {
    json::array platforms, domains;
    for (const auto& p : r.platforms) platforms.emplace_back(p);
    for (const auto& d : r.legacy_domains) domains.emplace_back(d);
    apps.emplace_back(json::object{{"client_key", r.client_key},
                                   {"name", r.name},
                                   {"platforms", std::move(platforms)},
                                   {"web_enabled", r.web_enabled},
                                   {"redirect_uri_count", r.redirect_uri_count},
                                   {"legacy_domains", std::move(domains)},
                                   {"v1_calls_7d", r.v1_calls_7d},
                                   {"v1_calls_30d", r.v1_calls_30d},
                                   {"v1_refused_30d", r.v1_refused_30d},
                                   {"status", r.status},
                                   {"reason", r.reason}});
  }
  return json::object{{"generated_at", status.generated_at}, {"apps", std::move(apps)}};
}

namespace {

// One JSON line on stderr per refused admin request; never the presented token.
void log_refusal(const Request& req, std::string_view reason, std::int64_t retry_after) {
  json::object line{{"level", "warn"},      {"event", "admin_auth_refused"},
                    {"reason", reason},     {"remote_address", req.remote_address},
                    {"method", req.method}, {"path", req.path},
                    {"log_id", req.log_id}};
  if (retry_after > 0) line["retry_after"] = retry_after;
  std::cerr << json::serialize(line) + "\n" << std::flush;
}

// Wrong bearer tokens are limited per source address: a slot is reserved before the comparison
// (a parallel burst cannot outrun the count) and given back for the right token or none at all.
// A blocked address is refused whatever it presents, so the answer tells a guesser nothing.
std::optional<Response> refusal(ApiContext& ctx, const Request& req) {
  auto slot = ctx.admin_failures.acquire(req.remote_address);
  if (!slot.admitted()) {
    auto wait = slot.retry_after();
    log_refusal(req, "too_many_wrong_tokens", wait);
    return fail(429, "too_many_attempts",
                {"Too many wrong admin tokens; retry after " + std::to_string(wait) + " seconds."})
        .set("Retry-After", std::to_string(wait));
  }
  const auto& token = ctx.config.admin_token;
  auto presented = bearer_token(req.header("authorization"));
  if (!token.empty() && presented && crypto::constant_time_equal(token, *presented)) {
    slot.release();
    return std::nullopt;
  }
  if (!presented) slot.release();
  log_refusal(req, presented ? "wrong_token" : "no_token", 0);
  return fail(401, "unauthorized", {"A valid admin bearer token is required."})
      .set("WWW-Authenticate", "Bearer");
}

}  // namespace

Response handle(ApiContext& ctx, const Request& req) {
  if (auto refused = refusal(ctx, req)) return std::move(*refused);
  if (req.path.starts_with("/admin/v1/sandbox/")) {
    if (ctx.sandbox != nullptr) return ctx.sandbox->admin(ctx, req);
    return fail(404, "not_found", {"The sandbox operations exist only under `loginkit sandbox`."});
  }
  auto parsed = json_body(req);
  if (auto* bad = std::get_if<Response>(&parsed)) return std::move(*bad);
  json::object& body = std::get<json::object>(parsed);
  std::string_view p = std::string_view(req.path).substr(std::string_view("/admin/v1/").size());
  if (p == "users" && req.method == "POST") return create_user(ctx, body);
  if (p == "developers" && req.method == "POST") return create_developer(ctx, body);
  if (p == "apps" && req.method == "POST") return create_app_request(ctx, body);
  if (p == "apps" && req.method == "GET") {
    json::array apps;
    for (const auto& a : services::all_apps(ctx.oauth)) apps.emplace_back(app_json(ctx.oauth, a));
    return json_response(200, json::object{{"apps", std::move(apps)}});
  }
  if (p.starts_with("apps/")) return app_request(ctx, req, p.substr(5), body);
  if (p == "clock" && req.method == "POST") return clock_request(ctx, body);
  if (p == "migration" && req.method == "GET") return json_response(200, migration_json(ctx));
  return fail(404, "not_found", {"Unknown admin operation."});
}

}  // namespace loginkit::admin
