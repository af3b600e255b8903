#include "sandbox/faults.hpp"

#include <algorithm>
#include <limits>

#include "api/ops_endpoints.hpp"
#include "api/responses.hpp"
#include "api/v1/v1_endpoints.hpp"
#include "api/v2/v2_endpoints.hpp"
#include "oauth/dialects/v1_dialect.hpp"

namespace loginkit::sandbox {
namespace {

namespace json = boost::json;

constexpr std::int64_t kMaxCount = 1000;
constexpr std::int64_t kMaxDelayMs = 30000;

// SPEC §2.1: the errors an authorize redirect may carry (both versions: "Callback as in v2").
const std::vector<std::string_view> kAuthorizeCodes{
    "invalid_request",           "invalid_scope", "unauthorized_client",
    "unsupported_response_type", "access_denied", "server_error"};

const std::vector<FaultEndpoint> kEndpoints{
    // SPEC §2.2.
    {"token",
     WireFormat::kV2Token,
     {"POST"},
     {"invalid_request", "invalid_client", "invalid_grant", "unauthorized_client",
      "unsupported_grant_type", "invalid_scope", "server_error", "temporarily_unavailable"}},
    // SPEC §2.3: client authentication and its errors as in §2.2; nothing about the token fails.
    {"revoke",
     WireFormat::kV2Token,
     {"POST"},
     {"invalid_request", "invalid_client", "server_error", "temporarily_unavailable"}},
    // SPEC §2.4.
    {"user_info",
     WireFormat::kV2UserInfo,
     {"GET", "HEAD", "POST"},
     {"access_token_invalid", "scope_permission_missed", "invalid_params", "rate_limit_exceeded",
      "internal_error"}},
    {"authorize", WireFormat::kAuthorize, {"GET", "HEAD"}, kAuthorizeCodes},
    // SPEC §3: the numbered codes each v1 call can meet.
    {"v1_access_token",
     WireFormat::kV1Envelope,
     {"POST"},
     {"10002", "10003", "10004", "10005", "10006", "10007", "10013"}},
    {"v1_refresh_token",
     WireFormat::kV1Envelope,
     {"POST"},
     {"10002", "10003", "10004", "10005", "10010"}},
    {"v1_revoke", WireFormat::kV1Envelope, {"POST"}, {"10002", "10004", "10005", "10008"}},
    {"v1_user_info", WireFormat::kV1UserInfo, {"POST"}, {"10002", "10004", "10005", "10008"}},
    {"v1_authorize", WireFormat::kAuthorize, {"GET", "HEAD"}, kAuthorizeCodes},
};

// The usual wording of each code (the dialects' own where the server says it).
std::string default_description(std::string_view code) {
  static const std::pair<std::string_view, std::string_view> kWording[] = {
      {"invalid_request", "The request parameters are malformed."},
      {"invalid_client", "Client authentication failed."},
      {"invalid_grant", "Authorization code is invalid or expired."},
      {"unauthorized_client", "The client is not authorized to make this request."},
      {"unsupported_grant_type", "The grant_type is not supported."},
      {"invalid_scope", "The requested scope is invalid."},
      {"server_error", "The server encountered an unexpected error."},
      {"temporarily_unavailable", "The service is temporarily unavailable; retry later."},
      {"access_denied", "The user denied the request."},
      {"unsupported_response_type", "Only response_type=code is supported."},
      {"access_token_invalid", "The access token is invalid or not found in the request."},
      {"scope_permission_missed", "A requested field needs a scope that was not granted."},
      {"invalid_params", "The request parameters are invalid."},
      {"rate_limit_exceeded", "Rate limit exceeded; retry later."},
      {"internal_error", "Internal error; retry later."},
      {"10002", "The request parameters are malformed."},
      {"10003", "The client_key is not known."},
      {"10004", "This call is not permitted."},
      {"10005", "A required parameter is missing."},
      {"10006", "redirect_uri does not match the one used to request the code."},
      {"10007", "The authorization code is invalid or expired."},
      {"10008", "The access token is invalid or expired."},
      {"10010", "The refresh token is invalid or expired."},
      {"10013", "The client_key or client_secret is wrong."},
  };
  for (const auto& [c, text] : kWording) {
    if (c == code) return std::string(text);
  }
  return "Injected by the sandbox.";
}

// "status" alone: the code the endpoint uses for that status (SPEC §2.2 server_error and
// temporarily_unavailable, §2.4 internal_error and rate_limit_exceeded; v1 has no server code,
// so a refusal, 10004, stands for every 429 and 5xx as the v1 dialect renders rate limits).
std::string code_for_status(WireFormat format, int status) {
  switch (format) {
    case WireFormat::kV2Token:
      if (status == 503 || status == 429) return "temporarily_unavailable";
      if (status >= 500) return "server_error";
      return status == 401 ? "invalid_client" : "invalid_request";
    case WireFormat::kV2UserInfo:
      if (status >= 500) return "internal_error";
      if (status == 429) return "rate_limit_exceeded";
      return status == 401 ? "access_token_invalid" : "invalid_params";
    case WireFormat::kV1Envelope:
    case WireFormat::kV1UserInfo:
      return status >= 500 || status == 429 ? "10004" : "10002";
    case WireFormat::kAuthorize:
      break;
  }
  return "server_error";
}

// SPEC §2.4 statuses of the user-info codes.
int user_info_status(std::string_view code) {
  if (code == "access_token_invalid") return 401;
  if (code == "rate_limit_exceeded") return 429;
  if (code == "internal_error") return 500;
  return 400;
}

std::string join(const std::vector<std::string_view>& items) {
  std::string out;
  for (auto item : items) out += (out.empty() ? "" : ", ") + std::string(item);
  return out;
}

// A whole number within [low, high] under `key`, or a message saying what it must be.
std::optional<std::string> read_number(const json::object& body, std::string_view key,
                                       std::int64_t low, std::int64_t high, std::int64_t& out) {
  const auto* v = body.if_contains(key);
  if (v == nullptr) return std::nullopt;
  bool whole = v->is_int64() || v->is_uint64();
  auto n = v->is_int64() ? v->as_int64() : std::numeric_limits<std::int64_t>::max();
  if (!whole || n < low || n > high) {
    return std::string(key) + " must be a whole number from " + std::to_string(low) + " to " +
           std::to_string(high) + ".";
  }
  out = n;
  return std::nullopt;
}

// "error" as a string, or a v1 code as a number.
std::optional<std::string> read_code(const json::value& v) {
  if (v.is_string()) return std::string(v.as_string());
  if (v.is_int64()) return std::to_string(v.as_int64());
  return std::nullopt;
}

void check_code(const FaultEndpoint& ep, const FaultSpec& spec, std::vector<std::string>& out) {
  if (spec.error.empty()) return;
  if (std::find(ep.codes.begin(), ep.codes.end(), spec.error) == ep.codes.end()) {
    out.push_back("error \"" + spec.error + "\" is not an error SPEC gives " +
                  std::string(ep.name) + "; use one of: " + join(ep.codes) + ".");
  }
  // An authorize error exists only as a redirect (SPEC §2.1): it has no status of its own.
  if (ep.format == WireFormat::kAuthorize && spec.status != 0) {
    out.emplace_back(
        "an authorize error is delivered by redirect (302): give error or status, "
        "not both.");
  }
}

}  // namespace

const std::vector<FaultEndpoint>& fault_endpoints() {
  return kEndpoints;
}

const FaultEndpoint* fault_endpoint(std::string_view name) {
  for (const auto& ep : kEndpoints) {
    if (ep.name == name) return &ep;
  }
  return nullptr;
}

std::pair<std::string, std::string> api_endpoint_of(const std::string& path) {
  // The metrics' endpoint names follow the router's paths (/platform/oauth/connect included).
  auto [name, version] = ops::endpoint_of(path);
  if (version == "v1") name = "v1_" + name;
  return {std::move(name), std::move(version)};
}

const FaultEndpoint* fault_endpoint_of_path(const std::string& path) {
  auto [name, version] = api_endpoint_of(path);
  return version == "-" ? nullptr : fault_endpoint(name);
}

std::variant<FaultSpec, std::vector<std::string>> parse_fault(const json::object& body) {
  std::vector<std::string> problems;
  for (const auto& [key, _] : body) {
    static constexpr std::string_view kKnown[] = {"endpoint",          "count",  "error",
                                                  "error_description", "status", "delay_ms"};
    if (std::find(std::begin(kKnown), std::end(kKnown), key) == std::end(kKnown)) {
      problems.push_back("unknown field \"" + std::string(key) + "\".");
    }
  }
  FaultSpec spec;
  const auto* endpoint = body.if_contains("endpoint");
  if (endpoint != nullptr && endpoint->is_string()) spec.endpoint = endpoint->as_string();
  const FaultEndpoint* ep = fault_endpoint(spec.endpoint);
  if (ep == nullptr) {
    std::vector<std::string_view> names;
    names.reserve(kEndpoints.size());
    for (const auto& e : kEndpoints) names.push_back(e.name);
    problems.push_back("endpoint must be one of: " + join(names) + ".");
  }
  if (auto m = read_number(body, "count", 1, kMaxCount, spec.count)) problems.push_back(*m);
  std::int64_t status = 0;
  if (auto m = read_number(body, "status", 400, 599, status)) problems.push_back(*m);
  spec.status = static_cast<int>(status);
  if (auto m = read_number(body, "delay_ms", 0, kMaxDelayMs, spec.delay_ms)) problems.push_back(*m);
  if (const auto* e = body.if_contains("error")) {
    auto code = read_code(*e);
    if (!code || code->empty()) problems.emplace_back("error must be an error code.");
    spec.error = code.value_or("");
  }
  if (const auto* d = body.if_contains("error_description")) {
    if (!d->is_string()) problems.emplace_back("error_description must be a string.");
    if (d->is_string()) spec.error_description = d->as_string();
  }
  if (ep != nullptr) check_code(*ep, spec, problems);
  if (!body.contains("error") && !body.contains("status") && !body.contains("delay_ms")) {
    problems.emplace_back("give at least one of error, status, delay_ms.");
  }
  if (!problems.empty()) return problems;
  return spec;
}

json::object fault_json(const ArmedFault& f) {
  json::object out{{"id", f.id},
                   {"endpoint", f.spec.endpoint},
                   {"count", f.spec.count},
                   {"remaining", f.remaining},
                   {"delay_ms", f.spec.delay_ms}};
  if (!f.spec.error.empty()) {
    bool numbered = f.spec.endpoint.starts_with("v1_") && f.spec.endpoint != "v1_authorize";
    out["error"] = numbered ? json::value(std::stoll(f.spec.error)) : json::value(f.spec.error);
  }
  if (!f.spec.error_description.empty()) out["error_description"] = f.spec.error_description;
  if (f.spec.status != 0) out["status"] = f.spec.status;
  return out;
}

std::optional<ArmedFault> FaultBoard::arm(FaultSpec spec) {
  std::lock_guard lock(mu_);
  if (armed_.size() >= kMaxArmed) return std::nullopt;
  std::int64_t remaining = spec.count;
  armed_.push_back(ArmedFault{next_id_++, std::move(spec), remaining});
  return armed_.back();
}

std::optional<ArmedFault> FaultBoard::peek(std::string_view endpoint) const {
  std::lock_guard lock(mu_);
  for (const auto& f : armed_) {
    if (f.spec.endpoint == endpoint) return f;
  }
  return std::nullopt;
}

bool FaultBoard::consume(std::int64_t id) {
  std::lock_guard lock(mu_);
  auto it = std::find_if(armed_.begin(), armed_.end(), [&](const auto& f) { return f.id == id; });
  if (it == armed_.end()) return false;
  if (--it->remaining == 0) armed_.erase(it);
  return true;
}

std::optional<ArmedFault> FaultBoard::take(std::string_view endpoint) {
  std::lock_guard lock(mu_);
  auto it = std::find_if(armed_.begin(), armed_.end(),
                         [&](const auto& f) { return f.spec.endpoint == endpoint; });
  if (it == armed_.end()) return std::nullopt;
  ArmedFault out = *it;
  if (--it->remaining == 0) armed_.erase(it);
  return out;
}

std::vector<ArmedFault> FaultBoard::list() const {
  std::lock_guard lock(mu_);
  return {armed_.begin(), armed_.end()};
}

void FaultBoard::clear() {
  std::lock_guard lock(mu_);
  armed_.clear();
}

OAuthError fault_error(const FaultEndpoint& ep, const FaultSpec& spec) {
  std::string code = spec.error.empty() ? code_for_status(ep.format, spec.status) : spec.error;
  std::string text =
      spec.error_description.empty() ? default_description(code) : spec.error_description;
  switch (ep.format) {
    case WireFormat::kV1Envelope:
    case WireFormat::kV1UserInfo:
      return v1_error(std::stoi(code), std::move(text));
    case WireFormat::kV2UserInfo:
      return make_error(code, std::move(text), user_info_status(code));
    case WireFormat::kV2Token:
    case WireFormat::kAuthorize:
      break;
  }
  return make_error(code, std::move(text));
}

Response fault_response(ApiContext& ctx, const Request& req, const FaultEndpoint& ep,
                        const FaultSpec& spec) {
  if (ep.format == WireFormat::kAuthorize) {
    // SPEC §2.1: before the redirect URI is trusted the answer is a page, never a redirect.
    bool outage = spec.status >= 500;
    std::string message = !spec.error_description.empty() ? spec.error_description
                          : outage ? "The sign-in service is unavailable. Try again in a moment."
                                   : "This request could not be served.";
    return error_page(spec.status, outage ? "Service unavailable" : "Request refused", message,
                      req.log_id);
  }
  OAuthError e = fault_error(ep, spec);
  if (spec.status != 0) e.http_status = spec.status;
  Response r;
  switch (ep.format) {
    case WireFormat::kV2Token:
      r = v2::token_error(ctx, req, e);
      break;
    case WireFormat::kV2UserInfo:
      r = v2::user_info_error(req, e);
      break;
    case WireFormat::kV1Envelope:
      r = v1::envelope_error(e, req);
      // As the v1 token calls answer (SPEC §2.2's rule, kept by v1 token answers too).
      if (ep.name != "v1_revoke") r.set("Cache-Control", "no-store");
      break;
    case WireFormat::kV1UserInfo:
      r = v1::user_info_error(e, req);
      break;
    case WireFormat::kAuthorize:
      break;
  }
  if (spec.status != 0 && r.status != spec.status) {
    // The status asked for replaces the one the error-status setting chose, and the challenge
    // header follows the status (RFC 6749 §5.2: only a 401 carries one).
    r.status = spec.status;
    std::erase_if(r.headers, [](const auto& h) { return iequals(h.first, "WWW-Authenticate"); });
    if (r.status == 401) r.set("WWW-Authenticate", "Basic realm=\"loginkit\"");
  }
  if (r.status == 429 || r.status == 503) r.set("Retry-After", "1");
  return r;
}

}  // namespace loginkit::sandbox
