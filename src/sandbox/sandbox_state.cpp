#include "sandbox/sandbox_state.hpp"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <chrono>
#include <thread>

#include "api/admin/admin_body.hpp"
#include "api/responses.hpp"
#include "core/scopes.hpp"
#include "core/suspend.hpp"
#include "oauth/access_validation.hpp"
#include "oauth/authorize.hpp"
#include "oauth/dialects/v1_request.hpp"
#include "oauth/services/connected_apps.hpp"
#include "oauth/userinfo.hpp"
#include "store/handles.hpp"

namespace loginkit::sandbox {
namespace {

namespace json = boost::json;

constexpr std::string_view kHintPrefix = "sandbox:";
constexpr std::string_view kHintGrammar = "sandbox:<username>[:approve|:deny][:scope,scope…]";

Response fail(int status, const std::string& code, const std::vector<std::string>& messages) {
  return admin::error(status, code, messages);
}

std::string str(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::optional<std::vector<std::string>> read_scopes(std::string_view list, std::string& problem) {
  std::vector<std::string> out;
  for (std::size_t start = 0; start <= list.size();) {
    auto comma = std::min(list.find(',', start), list.size());
    std::string_view scope = list.substr(start, comma - start);
    if (!is_known_scope(scope)) {
      problem = "\"" + std::string(scope) + "\" is neither approve, deny nor a known scope";
      return std::nullopt;
    }
    out.emplace_back(scope);
    start = comma + 1;
  }
  return out;
}

// The access token a call that names no client presents: its app is the call's app.
std::string presented_access_token(const Request& req, std::string_view endpoint) {
  if (endpoint == "user_info")
    return std::string(bearer_token(req.header("authorization")).value_or(""));
  if (endpoint == "v1_user_info") {
    auto in = read_v1_user_info(req.query, req.body);
    return in ? in->access_token : "";
  }
  if (endpoint == "v1_revoke") {
    auto params = read_v1_params(req.query, req.header("content-type"), req.body);
    return params ? params->get_or("access_token") : "";
  }
  return "";
}

// The app a token belongs to, expired or revoked alike (the inspector shows those calls too).
std::string app_of_token(OAuthContext& ctx, const std::string& token) {
  std::optional<Id> app_id;
  if (is_self_validating(token)) {
    auto opened = open_presented(ctx, token, false);
    if (!opened.claims) return "";
    if (opened.claims->kind == AccessKind::kClient) {
      app_id = opened.claims->subject;
    } else if (auto grant = ctx.store.grants().find_grant(opened.claims->subject)) {
      app_id = grant->app_id;
    }
  } else if (auto stored = ctx.store.tokens().find_token(handle_key(token))) {
    app_id = stored->app_id;
  }
  auto app = app_id ? ctx.store.apps().find_app_core(*app_id) : std::nullopt;
  return app ? app->client_key : "";
}

// SPEC §2.1 errors exist only as a redirect to a verified redirect URI: the fault's error goes
// where the real flow would send its own, and only once every real check has passed.
std::optional<Response> authorize_error(ApiContext& ctx, const Request& req,
                                        const FaultEndpoint& ep, const FaultSpec& spec) {
  auto params = parse_form(req.query);
  if (!params) return std::nullopt;
  auto check = check_authorize(ctx.oauth, *params, dialect_of(ep.name == "authorize" ? 2 : 1));
  const auto* ar = std::get_if<AuthorizeRequest>(&check);
  if (ar == nullptr) return std::nullopt;
  AuthorizeFailure f{fault_error(ep, spec), ar->redirect_uri, ar->state, {}, ar->app.id,
                     ar->platform};
  return redirect(error_redirect(f));
}

// "Expired from now on". SPEC answers an expired token exactly as a revoked one (§2.4
// access_token_invalid, §2.2 invalid_grant, §3 10008 / 10010), so the token alone is revoked the
// way the server revokes one token: a self-validating access token goes on the deny-list, a
// stored token is marked revoked. Its grant, its other tokens and the user's consent stay, as
// they would on a real expiry (a revoked refresh token is refused without reuse detection).
bool expire_access_token(OAuthContext& ctx, const std::string& token) {
  if (is_self_validating(token)) {
    auto opened = open_presented(ctx, token, false);
    if (!opened.claims) return false;
    ctx.store.revoked_tokens().deny_token(access_token_id_hex(*opened.claims),
                                          opened.claims->expires_at);
    return true;
  }
  auto stored = ctx.store.tokens().find_token(handle_key(token));
  if (!stored || stored->kind != TokenKind::kAccess) return false;
  ctx.store.tokens().revoke_token(stored->key(), ctx.clock.now());
  return true;
}

bool expire_refresh_token(OAuthContext& ctx, const std::string& token) {
  auto stored = ctx.store.tokens().find_token(handle_key(token));
  if (!stored || stored->kind != TokenKind::kRefresh) return false;
  ctx.store.tokens().revoke_token(stored->key(), ctx.clock.now());
  return true;
}

Response expire_token(ApiContext& ctx, const json::object& b) {
  std::string access = str(b, "access_token"), refresh = str(b, "refresh_token");
  if (access.empty() == refresh.empty()) {
    return fail(400, "invalid_request", {"Give either access_token or refresh_token."});
  }
  bool found = access.empty() ? expire_refresh_token(ctx.oauth, refresh)
                              : expire_access_token(ctx.oauth, access);
  if (!found) return fail(404, "not_found", {"The sandbox issued no such token."});
  return json_response(200, json::object{{"expired", true}});
}

// As the connected-apps page's "Disconnect" does: every grant of the pair, with its tokens.
Response revoke_grant(ApiContext& ctx, const json::object& b) {
  std::string key = str(b, "client_key"), username = str(b, "username");
  if (key.empty() || username.empty()) {
    return fail(400, "invalid_request", {"client_key and username are required."});
  }
  auto& store = ctx.oauth.store;
  auto user = store.users().find_user_by_name(username);
  if (!user) return fail(404, "not_found", {"No user is named \"" + username + "\"."});
  auto app = store.apps().find_app_core_by_key(key);
  if (!app) return fail(404, "not_found", {"No app has that client key."});
  if (!store.grants().find_consent(user->id, app->id)) {
    return fail(404, "not_found",
                {username + " has granted this app nothing (or it was revoked)."});
  }
  services::disconnect_app(ctx.oauth, user->id, key);
  return json_response(200, json::object{{"revoked", true}});
}

}  // namespace

LoginHint read_login_hint(std::string_view hint) {
  if (hint.size() < kHintPrefix.size() || !iequals(hint.substr(0, kHintPrefix.size()), kHintPrefix))
    return {};
  std::vector<std::string_view> parts;
  for (std::string_view rest = hint.substr(kHintPrefix.size());;) {
    auto colon = rest.find(':');
    parts.push_back(rest.substr(0, colon));
    if (colon == std::string_view::npos) break;
    rest.remove_prefix(colon + 1);
  }
  std::string problem;
  HeadlessConsent consent{std::string(parts[0]), true, {}};
  if (consent.username.empty()) problem = "the username is empty";
  std::size_t i = 1;
  if (i < parts.size() && (parts[i] == "approve" || parts[i] == "deny")) {
    consent.approve = parts[i++] == "approve";
  }
  if (problem.empty() && i < parts.size()) {
    if (auto scopes = read_scopes(parts[i++], problem)) consent.scopes = std::move(*scopes);
  }
  if (problem.empty() && i < parts.size()) {
    problem = "\"" + std::string(parts[i]) + "\" follows the scopes";
  }
  if (problem.empty()) return {std::move(consent), {}};
  return {std::nullopt, "login_hint \"" + std::string(hint) + "\" is malformed: " + problem +
                            "; expected " + std::string(kHintGrammar) +
                            ". The sign-in and consent pages were shown instead."};
}

SandboxState::SandboxState(std::map<std::string, HeadlessConsent> consents)
    : consents_(std::move(consents)) {}

void SandboxState::set_app_consent(const std::string& client_key, HeadlessConsent consent) {
  std::lock_guard lock(mu_);
  consents_.insert_or_assign(client_key, std::move(consent));
}

// A malformed sandbox hint falls back to neither the seed nor a guess: the pages appear where the
// test expected none, and the inspector's row for the request says what is wrong with the hint
// (observe re-reads it). Denying instead would pass for a deliberate "deny".
std::optional<HeadlessConsent> SandboxState::headless_consent(const App& app,
                                                              const Params& params) {
  if (auto hint = params.get("login_hint")) {
    auto read = read_login_hint(*hint);
    if (read.consent) return std::move(read.consent);
    if (!read.problem.empty()) return std::nullopt;
  }
  std::lock_guard lock(mu_);
  auto it = consents_.find(app.client_key);
  if (it == consents_.end()) return std::nullopt;
  return it->second;
}

void SandboxState::remember(const Request& req, Pending pending) {
  if (req.log_id.empty()) return;
  std::lock_guard lock(mu_);
  // Only a request whose observe never came (an exception on its way) leaves an entry behind.
  if (pending_.size() >= kMaxPending) pending_.clear();
  pending_.insert_or_assign(req.log_id, std::move(pending));
}

std::optional<SandboxState::Pending> SandboxState::recall(const Request& req) {
  if (req.log_id.empty()) return std::nullopt;
  std::lock_guard lock(mu_);
  auto node = pending_.extract(req.log_id);
  if (node.empty()) return std::nullopt;
  return std::move(node.mapped());
}

std::optional<std::pair<ArmedFault, std::optional<Response>>> SandboxState::next_fault(
    ApiContext& ctx, const Request& req, const FaultEndpoint& ep) {
  while (auto fault = faults_.peek(ep.name)) {
    std::optional<Response> answer;
    if (ep.format == WireFormat::kAuthorize && !fault->spec.error.empty()) {
      // A request the real checks refuse gets the real error, and the fault waits for one
      // that passes.
      answer = authorize_error(ctx, req, ep, fault->spec);
      if (!answer) return std::nullopt;
    }
    // Another request may have spent its last use meanwhile: then the next fault is up.
    if (faults_.consume(fault->id)) return std::pair{std::move(*fault), std::move(answer)};
  }
  return std::nullopt;
}

std::optional<Response> SandboxState::fault_for(ApiContext& ctx, const Request& req) {
  auto [name, version] = api_endpoint_of(req.path);
  if (version != "v1" && version != "v2") return std::nullopt;
  inspector_.set_v1_end_of_life(ctx.config.oauth.sunset.v1_web_end_of_life);
  Pending pending{requested_client_key(req), {}};
  if (pending.client_key.empty()) {
    std::string token = presented_access_token(req, name);
    if (!token.empty()) pending.client_key = app_of_token(ctx.oauth, token);
  }
  const FaultEndpoint* ep = fault_endpoint(name);
  bool served = ep != nullptr &&
                std::find(ep->methods.begin(), ep->methods.end(), req.method) != ep->methods.end();
  auto fault = served ? next_fault(ctx, req, *ep) : std::nullopt;
  if (!fault) {
    remember(req, std::move(pending));
    return std::nullopt;
  }
  const FaultSpec& spec = fault->first.spec;
  pending.fault = "sandbox fault #" + std::to_string(fault->first.id);
  if (spec.delay_ms > 0) {
    pending.fault += ": delayed " + std::to_string(spec.delay_ms) + " ms";
    // Parks this request's fiber; the event-loop thread serves others meanwhile.
    run_blocking_erased(
        [ms = spec.delay_ms] { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); });
  }
  if (spec.answers()) pending.fault += spec.delay_ms > 0 ? ", then answered" : ": answered";
  std::string client_key = pending.client_key;
  remember(req, std::move(pending));
  if (!spec.answers()) return std::nullopt;
  Response r = fault->second ? std::move(*fault->second) : fault_response(ctx, req, *ep, spec);
  r.client_key = client_key;
  return r;
}

void SandboxState::observe(const Request& req, const Response& res) {
  auto pending = recall(req);
  auto record = describe_request(req, res, inspector_.v1_end_of_life());
  if (!record) return;
  std::string client_key = res.client_key;
  if (client_key.empty() && pending) client_key = pending->client_key;
  if (client_key.empty()) client_key = requested_client_key(req);
  if (client_key.empty()) return;  // nobody's request: no inspector lists it
  if (pending) record->fault = pending->fault;
  if (record->endpoint == "authorize" || record->endpoint == "v1_authorize") {
    auto query = parse_form(req.query);
    auto hint = query ? query->get("login_hint") : std::nullopt;
    if (hint) {
      auto read = read_login_hint(*hint);
      if (!read.problem.empty()) record->hints.insert(record->hints.begin(), read.problem);
    }
  }
  inspector_.add(client_key, std::move(*record));
}

Response SandboxState::inspector(ApiContext& /*ctx*/, const Request& req, const App& app) {
  return inspector_response(req, app, inspector_.records(app.client_key));
}

Response SandboxState::faults_route(const Request& req, const json::object& body) {
  if (req.method == "GET") {
    json::array list;
    for (const auto& f : faults_.list()) list.emplace_back(fault_json(f));
    return json_response(200, json::object{{"faults", std::move(list)}});
  }
  if (req.method == "DELETE") {
    auto cleared = static_cast<std::int64_t>(faults_.list().size());
    faults_.clear();
    return json_response(200, json::object{{"cleared", cleared}});
  }
  auto parsed = parse_fault(body);
  if (auto* problems = std::get_if<std::vector<std::string>>(&parsed)) {
    return fail(400, "invalid_fault", *problems);
  }
  auto armed = faults_.arm(std::get<FaultSpec>(std::move(parsed)));
  if (!armed) {
    return fail(400, "invalid_fault",
                {"At most " + std::to_string(FaultBoard::kMaxArmed) + " faults may be armed."});
  }
  return json_response(201, fault_json(*armed));
}

Response SandboxState::admin(ApiContext& ctx, const Request& req) {
  constexpr std::string_view kBase = "/admin/v1/sandbox/";
  std::string_view p = std::string_view(req.path);
  p.remove_prefix(std::min(p.size(), kBase.size()));
  auto parsed = admin::json_body(req);
  if (auto* bad = std::get_if<Response>(&parsed)) return std::move(*bad);
  const json::object& body = std::get<json::object>(parsed);
  const std::string& m = req.method;
  if (p == "faults" && (m == "GET" || m == "POST" || m == "DELETE")) return faults_route(req, body);
  if (p == "revoke-grant" && m == "POST") return revoke_grant(ctx, body);
  if (p == "expire-token" && m == "POST") return expire_token(ctx, body);
  if (p.starts_with("inspector/") && m == "GET") {
    std::string key(p.substr(std::string_view("inspector/").size()));
    return json_response(200, records_json(key, inspector_.records(key)))
        .set("Cache-Control", "no-store");
  }
  return fail(404, "not_found", {"Unknown sandbox operation."});
}

}  // namespace loginkit::sandbox
