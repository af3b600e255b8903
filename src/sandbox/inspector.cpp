#include "sandbox/inspector.hpp"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <ctime>

#include "api/responses.hpp"
#include "oauth/client_auth.hpp"
#include "sandbox/faults.hpp"
#include "web/templates.hpp"

namespace loginkit::sandbox {
namespace {

namespace json = boost::json;

constexpr std::size_t kMaxParams = 40;
constexpr std::size_t kMaxValueChars = 200;
constexpr const char* kMask = "••••";

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string media_type(const Request& req) {
  std::string_view ct = req.header("content-type").value_or("");
  ct = ct.substr(0, ct.find(';'));
  while (!ct.empty() && ct.back() == ' ') ct.remove_suffix(1);
  return lower(ct);
}

// Secrets and passwords are hidden whole; codes and tokens keep their last 4 characters (enough to
// tell two apart, too few to use) when they are long enough for that to reveal nothing.
std::string masked(std::string_view name, std::string_view value) {
  std::string n = lower(name);
  bool secret = n.find("secret") != std::string::npos || n.find("password") != std::string::npos ||
                n.find("csrf") != std::string::npos || n == "code_verifier";
  if (secret) return kMask;
  if (n == "code" || n.find("token") != std::string::npos) {
    return value.size() > 12 ? kMask + std::string(value.substr(value.size() - 4)) : kMask;
  }
  if (value.size() <= kMaxValueChars) return std::string(value);
  return std::string(value.substr(0, kMaxValueChars)) + "…";
}

void add_param(RequestRecord& r, std::string_view name, std::string_view value,
               const char* source) {
  if (r.params.size() >= kMaxParams) return;
  r.params.push_back({masked("", name), masked(name, value), source});
}

std::string masked_authorization(std::string_view header) {
  if (iequals(header.substr(0, 7), "Bearer ")) return "Bearer " + masked("token", header.substr(7));
  if (iequals(header.substr(0, 6), "Basic ")) {
    if (auto id = basic_client_id(header)) return "Basic " + masked("", *id) + ":" + kMask;
  }
  return kMask;
}

// A JSON body's top-level fields: strings masked by name, lists of strings joined (v1 user info's
// "fields"), nested objects left out (nothing the endpoints read lives there).
void add_json_params(RequestRecord& r, const json::object& body) {
  for (const auto& [key, v] : body) {
    if (v.is_string()) {
      add_param(r, key, v.as_string(), "json");
    } else if (v.is_array()) {
      std::string joined;
      for (const auto& item : v.as_array()) {
        if (!joined.empty()) joined += ',';
        if (item.is_string()) {
          joined.append(item.as_string().data(), item.as_string().size());
        } else {
          joined.append(json::serialize(item));
        }
      }
      add_param(r, key, joined, "json");
    } else {
      add_param(r, key, v.is_object() ? "{…}" : json::serialize(v), "json");
    }
  }
}

void read_body(const Request& req, RequestRecord& r) {
  if (req.body.empty()) return;
  std::string type = media_type(req);
  auto first = req.body.find_first_not_of(" \t\r\n");
  bool looks_json =
      first != std::string::npos && (req.body[first] == '{' || req.body[first] == '[');
  if (type == "application/json" || (type.empty() && looks_json)) {
    r.json_body = true;
    boost::system::error_code ec;
    auto v = json::parse(req.body, ec);
    if (!ec && v.is_object()) {
      add_json_params(r, v.as_object());
    } else {
      r.body_note = "a JSON body that does not parse as an object";
    }
    return;
  }
  std::optional<Params> form;
  if (type == "application/x-www-form-urlencoded" || type.empty()) form = parse_form(req.body);
  if (form) {
    for (const auto& [k, v] : form->items()) add_param(r, k, v, "form");
  } else {
    r.body_note = std::to_string(req.body.size()) + " bytes of " +
                  (type.empty() ? "unlabelled data" : type) + ", not read";
  }
}

std::string unescape_html(std::string_view s) {
  static const std::pair<std::string_view, char> kEntities[] = {
      {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}};
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    bool replaced = false;
    for (const auto& [entity, c] : kEntities) {
      if (s.substr(i, entity.size()) == entity) {
        out.push_back(c);
        i += entity.size();
        replaced = true;
        break;
      }
    }
    if (!replaced) out.push_back(s[i++]);
  }
  return out;
}

std::optional<std::string_view> header_of(const Response& res, std::string_view name) {
  for (const auto& [k, v] : res.headers) {
    if (iequals(k, name)) return std::string_view(v);
  }
  return std::nullopt;
}

void read_json_error(const json::object& o, RequestRecord& r) {
  auto text = [](const json::object& from, std::string_view key) {
    const auto* v = from.if_contains(key);
    return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
  };
  const auto* error = o.if_contains("error");
  if (error != nullptr && error->is_string()) {  // SPEC §2.2
    r.error = error->as_string();
    r.error_description = text(o, "error_description");
  } else if (error != nullptr && error->is_object()) {  // SPEC §2.4 and §3 user info
    const auto& e = error->as_object();
    const auto* code = e.if_contains("code");
    if (code != nullptr && code->is_string() && code->as_string() != "ok") {
      r.error = code->as_string();
    } else if (code != nullptr && code->is_int64() && code->as_int64() != 0) {
      r.error = std::to_string(code->as_int64());
    }
    if (!r.error.empty()) r.error_description = text(e, "message");
  } else if (const auto* data = o.if_contains("data"); data != nullptr && data->is_object()) {
    const auto* code = data->as_object().if_contains("error_code");  // SPEC §3 envelope
    if (code != nullptr && code->is_int64() && code->as_int64() != 0) {
      r.error = std::to_string(code->as_int64());
      r.error_description = text(data->as_object(), "description");
    }
  }
}

// The error an answer carries, wherever its wire format puts it.
void read_outcome(const Response& res, RequestRecord& r) {
  r.status = res.status;
  std::string type(header_of(res, "content-type").value_or(""));
  if (type.starts_with("application/json")) {
    boost::system::error_code ec;
    auto v = json::parse(res.body, ec);
    if (!ec && v.is_object()) read_json_error(v.as_object(), r);
  } else if (auto location = header_of(res, "location")) {
    std::string_view l = location->substr(0, location->find('#'));
    auto q = l.find('?');
    auto params = q == std::string_view::npos ? std::nullopt : parse_form(l.substr(q + 1));
    if (params && params->has("error")) {  // RFC 6749 §4.1.2.1
      r.error = params->get_or("error");
      r.error_description = params->get_or("error_description");
    }
  } else if (res.status >= 400 && type.starts_with("text/html")) {
    // The error page's message (web/templates/error.mustache).
    constexpr std::string_view kOpen = "<p class=\"error\" role=\"alert\">";
    auto start = res.body.find(kOpen);
    auto end = start == std::string::npos ? start : res.body.find("</p>", start);
    if (end != std::string::npos) {
      auto from = start + kOpen.size();
      r.error_description = unescape_html(std::string_view(res.body).substr(from, end - from));
    }
  }
}

std::string utc(UnixSeconds at, const char* format) {
  std::time_t t = at;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, format, &tm);
  return buf;
}

std::string v2_instead(std::string_view endpoint) {
  if (endpoint == "v1_access_token")
    return "POST /v2/oauth/token/ with grant_type=authorization_code";
  if (endpoint == "v1_refresh_token") return "POST /v2/oauth/token/ with grant_type=refresh_token";
  if (endpoint == "v1_revoke")
    return "POST /v2/oauth/revoke/ with client_key, client_secret, token";
  if (endpoint == "v1_user_info")
    return "GET /v2/user/info/?fields=… with Authorization: Bearer <access token>";
  return "GET /v2/auth/authorize/ with a redirect URI registered for web";
}

void add_hints(const Request& req, RequestRecord& r, UnixSeconds v1_end_of_life) {
  bool authorize = r.endpoint == "authorize" || r.endpoint == "v1_authorize";
  // SPEC §5 and the migration guide's endpoint table (seed/): one v2 call for each v1 call.
  if (r.api_version == "v1") {
    r.hints.push_back("v1 " + req.path + " ends on " + utc(v1_end_of_life, "%Y-%m-%d") +
                      " for web apps — use " + v2_instead(r.endpoint));
  }
  // SPEC §2.1 / §3: the page oauth/authorize_checks.cpp shows for an unregistered redirect URI.
  if (authorize && r.status == 400 &&
      r.error_description.find("redirect_uri is not registered") != std::string::npos) {
    r.hints.emplace_back(
        r.api_version == "v2"
            ? "redirect_uri is not registered for this app: it must match a registered URI "
              "exactly (scheme, host, port, path; no query, no fragment); only a desktop URI "
              "registered with port * matches any port"
            : "redirect_uri is not allowed for this app: on v1 it must be https on a registered "
              "redirect domain (or a subdomain of one), or equal a registered Android/iOS "
              "redirect URI");
  }
  // SPEC §2.2 / §2.3: form bodies only.
  bool form_endpoint = r.api_version == "v2" && (r.endpoint == "token" || r.endpoint == "revoke" ||
                                                 r.endpoint == "introspect");
  if (form_endpoint && r.json_body) {
    r.hints.push_back("the " + r.endpoint +
                      " endpoint reads application/x-www-form-urlencoded; send the parameters "
                      "as a form, not JSON");
  }
}

}  // namespace

std::optional<RequestRecord> describe_request(const Request& req, const Response& res,
                                              UnixSeconds v1_end_of_life) {
  auto [name, version] = api_endpoint_of(req.path);
  if (version != "v1" && version != "v2") return std::nullopt;
  RequestRecord r;
  r.at_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                std::chrono::system_clock::now().time_since_epoch())
                .count();
  r.log_id = req.log_id;
  r.method = req.method;
  r.path = req.path;
  r.endpoint = std::move(name);
  r.api_version = std::move(version);
  if (auto query = parse_form(req.query)) {
    for (const auto& [k, v] : query->items()) add_param(r, k, v, "query");
  } else {
    r.body_note = "a query string that does not parse";
  }
  read_body(req, r);
  if (auto auth = req.header("authorization")) {
    r.params.push_back({"Authorization", masked_authorization(*auth), "header"});
  }
  read_outcome(res, r);
  add_hints(req, r, v1_end_of_life);
  return r;
}

std::string requested_client_key(const Request& req) {
  auto from = [](const std::optional<Params>& p) {
    if (!p) return std::string();
    auto key = p->get_or("client_key");
    return key.empty() ? p->get_or("client_id") : key;
  };
  std::string key = from(parse_form(req.query));
  if (key.empty() && !req.body.empty() && req.body.front() != '{') key = from(parse_form(req.body));
  if (key.empty() && req.body.starts_with("{")) {
    // A JSON body the endpoint refuses still names its app: that request most needs a hint.
    boost::system::error_code ec;
    auto v = json::parse(req.body, ec);
    if (!ec && v.is_object()) {
      Params named;
      for (const char* k : {"client_key", "client_id"}) {
        const auto* x = v.as_object().if_contains(k);
        if (x != nullptr && x->is_string()) named.add(k, std::string(x->as_string()));
      }
      key = from(named);
    }
  }
  if (key.empty()) {
    if (auto auth = req.header("authorization")) key = basic_client_id(*auth).value_or("");
  }
  return key;
}

json::object records_json(const std::string& client_key,
                          const std::vector<RequestRecord>& records) {
  json::array list;
  for (const auto& r : records) {
    json::array params, hints;
    for (const auto& p : r.params) {
      params.emplace_back(json::object{{"name", p.name}, {"value", p.value}, {"source", p.source}});
    }
    for (const auto& h : r.hints) hints.emplace_back(h);
    list.emplace_back(json::object{{"time", utc(r.at_ms / 1000, "%Y-%m-%dT%H:%M:%SZ")},
                                   {"at_ms", r.at_ms},
                                   {"log_id", r.log_id},
                                   {"method", r.method},
                                   {"path", r.path},
                                   {"endpoint", r.endpoint},
                                   {"api_version", r.api_version},
                                   {"params", std::move(params)},
                                   {"body_note", r.body_note},
                                   {"json_body", r.json_body},
                                   {"status", r.status},
                                   {"error", r.error},
                                   {"error_description", r.error_description},
                                   {"fault", r.fault},
                                   {"hints", std::move(hints)}});
  }
  return json::object{{"client_key", client_key}, {"records", std::move(list)}};
}

Response inspector_response(const Request& req, const App& app,
                            const std::vector<RequestRecord>& records) {
  auto query = parse_form(req.query);
  if (query && query->get_or("format") == "json") {
    return json_response(200, records_json(app.client_key, records))
        .set("Cache-Control", "no-store");
  }
  web::List rows;
  for (const auto& r : records) {
    web::List params, hints;
    for (const auto& p : r.params) {
      params.push_back({{"name", p.name}, {"value", p.value}, {"source", p.source}});
    }
    for (const auto& h : r.hints) hints.push_back({{"text", h}});
    web::Values row{{"time", utc(r.at_ms / 1000, "%H:%M:%S")},
                    {"method", r.method},
                    {"path", r.path},
                    {"endpoint", r.endpoint},
                    {"api_version", r.api_version},
                    {"params", params},
                    {"status", std::to_string(r.status)},
                    {"error", r.error},
                    {"hints", hints}};
    // Sections test presence: only a text that exists opens its block.
    if (!r.body_note.empty()) row.emplace("body_note", r.body_note);
    if (!r.error_description.empty()) row.emplace("error_description", r.error_description);
    if (!r.error.empty()) row.emplace("has_error", true);
    if (!r.fault.empty()) row.emplace("fault", r.fault);
    rows.push_back(std::move(row));
  }
  web::Values v{{"app_name", app.name},
                {"client_key", app.client_key},
                {"limit", std::to_string(Inspector::kPerApp)},
                {"has_records", !records.empty()},
                {"records", rows}};
  return html_response(200, web::render_page("sandbox_inspector", "Request inspector", v,
                                             {{"portal", true}, {"wide", true}}));
}

void Inspector::add(const std::string& client_key, RequestRecord record) {
  std::lock_guard lock(mu_);
  auto it = apps_.find(client_key);
  if (it == apps_.end()) {
    if (apps_.size() >= kMaxApps) {
      auto oldest = std::min_element(apps_.begin(), apps_.end(), [](const auto& a, const auto& b) {
        return a.second.last_write < b.second.last_write;
      });
      apps_.erase(oldest);
    }
    it = apps_.emplace(client_key, AppLog{}).first;
  }
  it->second.last_write = ++writes_;
  auto& log = it->second.newest_first;
  log.push_front(std::move(record));
  if (log.size() > kPerApp) log.pop_back();
}

std::vector<RequestRecord> Inspector::records(const std::string& client_key) const {
  std::lock_guard lock(mu_);
  auto it = apps_.find(client_key);
  if (it == apps_.end()) return {};
  return {it->second.newest_first.begin(), it->second.newest_first.end()};
}

}  // namespace loginkit::sandbox
