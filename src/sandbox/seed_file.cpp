#include "sandbox/seed_file.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <initializer_list>
#include <set>
#include <sstream>

#include "core/utf8.hpp"
#include "oauth/legacy_redirect.hpp"
#include "oauth/redirect_uri.hpp"
#include "oauth/services/accounts.hpp"
#include "oauth/sunset.hpp"

namespace loginkit::sandbox {
namespace {

std::string join_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += (out.empty() ? "" : "\n") + l;
  return out;
}

// toml++ prints node types ("string", "integer") and dates (YYYY-MM-DD) the way we word them.
template <typename T>
std::string printed(const T& value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

std::string type_name(const toml::node& node) {
  return printed(node.type());
}

std::string name(const std::string& where, std::string_view key) {
  return where.empty() ? std::string(key) : where + "." + std::string(key);
}

template <typename T>
const char* expected() {
  if constexpr (std::is_same_v<T, bool>) return "true or false";
  if constexpr (std::is_same_v<T, std::int64_t>) return "an integer";
  return "a string";
}

// A string as written, with where it was written, so later checks can point at its line.
struct Located {
  std::string text;
  toml::source_region at;
};

// Reads one file, collecting every problem instead of stopping at the first, each prefixed with
// the file and line the way compilers do, so editors can jump to it.
class Reader {
 public:
  explicit Reader(std::string source) : source_(std::move(source)) {}

  void problem(const toml::source_region& at, const std::string& message) {
    // By appends: GCC 12 misreports `"literal" + temporary` (-Wrestrict).
    std::string text = source_;
    if (at.begin.line > 0) text.append(":").append(std::to_string(at.begin.line));
    problems_.push_back(text.append(": ").append(message));
  }
  const std::vector<std::string>& problems() const { return problems_; }

  // A key nothing reads is most likely a typo that would otherwise do nothing, silently.
  void only_keys(const toml::table& t, const std::string& where,
                 std::initializer_list<std::string_view> known) {
    for (const auto& [key, node] : t) {
      if (std::find(known.begin(), known.end(), key.str()) == known.end()) {
        problem(key.source(), "unknown key '" + name(where, key.str()) + "'");
      }
    }
  }

  // Types are exact: "true" in quotes is not a boolean, 1.0 is not an integer.
  template <typename T>
  bool read(const toml::table& t, const std::string& where, std::string_view key, T& out,
            bool required = false) {
    const toml::node* node = t.get(key);
    if (!node) {
      if (required) problem(t.source(), name(where, key) + " is required");
      return false;
    }
    if (auto v = node->value_exact<T>()) {
      out = *v;
      return true;
    }
    problem(node->source(),
            name(where, key) + " must be " + expected<T>() + ", not " + type_name(*node));
    return false;
  }

  std::vector<Located> strings(const toml::table& t, const std::string& where,
                               std::string_view key) {
    const toml::node* node = t.get(key);
    if (!node) return {};
    const auto* list = node->as_array();
    if (!list) {
      problem(node->source(),
              name(where, key) + " must be a list of strings, not " + type_name(*node));
      return {};
    }
    std::vector<Located> out;
    for (std::size_t i = 0; i < list->size(); ++i) {
      const toml::node& item = *list->get(i);
      if (auto s = item.value_exact<std::string>()) {
        out.push_back({*s, item.source()});
      } else {
        problem(item.source(), name(where, key) + "[" + std::to_string(i) +
                                   "] must be a string, not " + type_name(item));
      }
    }
    return out;
  }

  const toml::table* table(const toml::table& t, const std::string& where, std::string_view key) {
    const toml::node* node = t.get(key);
    if (!node) return nullptr;
    if (const auto* sub = node->as_table()) return sub;
    problem(node->source(), name(where, key) + " must be a table, not " + type_name(*node));
    return nullptr;
  }

  // [[users]] and [[apps]]: an array of tables.
  std::vector<const toml::table*> tables(const toml::table& t, std::string_view key) {
    std::vector<const toml::table*> out;
    const toml::node* node = t.get(key);
    const auto* list = node ? node->as_array() : nullptr;
    if (list && (list->empty() || list->is_array_of_tables())) {
      for (const auto& item : *list) out.push_back(item.as_table());
    } else if (node) {
      problem(node->source(), std::string(key) + " must be written as [[" + std::string(key) +
                                  "]] tables, not " + type_name(*node));
    }
    return out;
  }

  // A quoted "YYYY-MM-DD" (as in the server's config) or a bare TOML date.
  std::optional<std::int64_t> date(const toml::table& t, const std::string& where,
                                   std::string_view key) {
    const toml::node* node = t.get(key);
    if (!node) return std::nullopt;
    auto text = node->value_exact<std::string>();
    if (auto d = node->value_exact<toml::date>()) text = printed(*d);
    auto when = text ? parse_date(*text) : std::nullopt;
    if (!when) problem(node->source(), name(where, key) + " must be a date \"YYYY-MM-DD\"");
    return when;
  }

 private:
  std::string source_;
  std::vector<std::string> problems_;
};

const toml::source_region& where_is(const toml::table& t, std::string_view key) {
  const toml::node* node = t.get(key);
  return node ? node->source() : t.source();
}

std::vector<std::string> read_hosts(Reader& r, const toml::table& t) {
  r.only_keys(t, "sandbox", {"hosts"});
  std::vector<std::string> out;
  // A first sieve with a line number; the local CA checks each name fully when it issues the
  // certificate (DNS names, "*." wildcards, IPv4 and IPv6 literals).
  for (auto& host : r.strings(t, "sandbox", "hosts")) {
    bool ok = !host.text.empty() && std::all_of(host.text.begin(), host.text.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '*' ||
             c == ':';
    });
    if (!ok) r.problem(host.at, "sandbox.hosts: \"" + host.text + "\" is not a host name");
    out.push_back(std::move(host.text));
  }
  if (const auto* list = t.get_as<toml::array>("hosts"); list && list->empty()) {
    r.problem(where_is(t, "hosts"), "sandbox.hosts is empty (leave it out for the defaults)");
  }
  return out;
}

SeedDeveloper read_developer(Reader& r, const toml::table& t) {
  r.only_keys(t, "developer", {"email", "password", "name"});
  SeedDeveloper d = default_seed().developer;
  r.read(t, "developer", "email", d.email, true);
  r.read(t, "developer", "password", d.password, true);
  r.read(t, "developer", "name", d.name);
  // The portal's own sign-up rules, so the seeded account is one the portal could have made.
  if (auto why = services::developer_signup_problem({d.email, d.name, d.password})) {
    r.problem(t.source(), "developer: " + *why);
  }
  return d;
}

SeedUser read_user(Reader& r, const toml::table& t, const std::string& where) {
  r.only_keys(t, where,
              {"username", "password", "display_name", "avatar_url", "bio_description",
               "is_verified", "follower_count", "following_count", "likes_count", "video_count"});
  SeedUser u;
  // The admin API's rules for a new user (api/admin): a name, and 8+ characters of password.
  if (r.read(t, where, "username", u.username, true) &&
      (u.username.empty() || !is_printable_utf8(u.username))) {
    r.problem(where_is(t, "username"), where + ".username must be printable and not empty");
  }
  if (r.read(t, where, "password", u.password, true) && u.password.size() < 8) {
    r.problem(where_is(t, "password"), where + ".password needs 8 characters or more");
  }
  r.read(t, where, "display_name", u.display_name);
  r.read(t, where, "avatar_url", u.avatar_url);
  r.read(t, where, "bio_description", u.bio_description);
  r.read(t, where, "is_verified", u.is_verified);
  for (auto [key, out] :
       {std::pair{"follower_count", &u.follower_count},
        std::pair{"following_count", &u.following_count}, std::pair{"likes_count", &u.likes_count},
        std::pair{"video_count", &u.video_count}}) {
    if (r.read(t, where, key, *out) && *out < 0) {
      r.problem(where_is(t, key), name(where, key) + " must be 0 or more");
    }
  }
  return u;
}

// Scopes one by one, so an unknown one is reported on its own line with the registry's words.
ScopeList read_scopes(Reader& r, const toml::table& t, const std::string& where) {
  ScopeList out;
  for (const auto& s : r.strings(t, where, "scopes")) {
    if (!is_known_scope(s.text))
      r.problem(s.at, name(where, "scopes") + ": Unknown scope: " + s.text + ".");
    out = scope_union(out, ScopeList{s.text});
  }
  return out;
}

// The registry's own rules (count, duplicates, per-platform schemes) checked here already, so
// each broken URI is reported with its line; apply_seed checks them again through create_app.
std::vector<RedirectUri> read_redirect_uris(Reader& r, const toml::table& t,
                                            const std::string& where) {
  // In the file's order (a TOML table has none), so URIs are registered as the team wrote them.
  std::vector<const toml::key*> keys;
  for (const auto& [key, node] : t) keys.push_back(&key);
  std::stable_sort(keys.begin(), keys.end(), [](const toml::key* a, const toml::key* b) {
    return a->source().begin.line < b->source().begin.line;
  });
  App probe;
  for (const toml::key* k : keys) {
    const toml::key& key = *k;
    auto platform = parse_platform(key.str());
    if (!platform) {
      r.problem(key.source(), "unknown key '" + name(where, key.str()) +
                                  "' (platforms: web, desktop, android, ios)");
      continue;
    }
    for (const auto& uri : r.strings(t, where, key.str())) {
      auto problems = redirect_uri_registration_problems(probe, *platform, uri.text);
      for (const auto& p : problems) r.problem(uri.at, name(where, key.str()) + ": " + p);
      if (problems.empty()) probe.redirect_uris.push_back({*platform, uri.text});
    }
  }
  return probe.redirect_uris;
}

std::optional<HeadlessConsent> read_consent(Reader& r, const toml::table& t,
                                            const std::string& where, const SeedApp& app,
                                            const std::set<std::string>& usernames) {
  r.only_keys(t, where, {"user", "decision", "scopes"});
  HeadlessConsent c;
  if (r.read(t, where, "user", c.username, true) && !usernames.count(c.username)) {
    r.problem(where_is(t, "user"),
              where + ".user: no [[users]] entry has username \"" + c.username + "\"");
  }
  std::string decision = "approve";
  if (r.read(t, where, "decision", decision) && decision != "approve" && decision != "deny") {
    r.problem(where_is(t, "decision"), where + ".decision must be \"approve\" or \"deny\"");
  }
  c.approve = decision != "deny";
  ScopeList allowed = scope_union(app.scopes, ScopeList{std::string(kBasicScope)});
  for (const auto& s : r.strings(t, where, "scopes")) {
    if (!contains(allowed, s.text)) {
      r.problem(s.at, where + ".scopes: " + s.text + " is not among the app's scopes");
    }
    c.scopes = scope_union(c.scopes, ScopeList{s.text});
  }
  if (!c.approve && !c.scopes.empty()) {
    r.problem(where_is(t, "scopes"), where + ".scopes applies only to decision = \"approve\"");
  }
  return c;
}

SeedApp read_app(Reader& r, const toml::table& t, const std::string& where,
                 const std::set<std::string>& usernames) {
  r.only_keys(t, where,
              {"name", "client_key", "client_secret", "scopes", "login_kit", "web",
               "require_pkce_web", "legacy_domains", "redirect_uris", "consent"});
  SeedApp a;
  r.read(t, where, "name", a.name, true);
  r.read(t, where, "client_key", a.client_key);
  r.read(t, where, "client_secret", a.client_secret);
  a.scopes = t.get("scopes") ? read_scopes(r, t, where) : ScopeList{std::string(kBasicScope)};
  r.read(t, where, "login_kit", a.login_kit);
  r.read(t, where, "web", a.web_enabled);
  r.read(t, where, "require_pkce_web", a.require_pkce_web);
  App probe;
  for (auto& d : r.strings(t, where, "legacy_domains")) {
    auto problems = legacy_domain_problems(probe, d.text);
    for (const auto& p : problems) r.problem(d.at, name(where, "legacy_domains") + ": " + p);
    if (problems.empty()) probe.legacy_domains.push_back(d.text);
  }
  a.legacy_domains = probe.legacy_domains;
  if (const auto* uris = r.table(t, where, "redirect_uris")) {
    a.redirect_uris = read_redirect_uris(r, *uris, where + ".redirect_uris");
  }
  if (const auto* consent = r.table(t, where, "consent")) {
    a.consent = read_consent(r, *consent, where + ".consent", a, usernames);
  }
  return a;
}

void read_users_and_apps(Reader& r, const toml::table& root, Seed& seed) {
  // A repeated username or client_key would fail to seed later, far from its line.
  auto once = [&r](std::set<std::string>& seen, const toml::table& t, const std::string& where,
                   std::string_view key, const std::string& value) {
    if (!value.empty() && !seen.insert(value).second) {
      r.problem(where_is(t, key), name(where, key) + " \"" + value + "\" appears twice");
    }
  };
  std::set<std::string> usernames, keys;
  auto users = r.tables(root, "users");
  for (std::size_t i = 0; i < users.size(); ++i) {
    std::string where = "users[" + std::to_string(i) + "]";
    seed.users.push_back(read_user(r, *users[i], where));
    once(usernames, *users[i], where, "username", seed.users.back().username);
  }
  auto apps = r.tables(root, "apps");
  for (std::size_t i = 0; i < apps.size(); ++i) {
    std::string where = "apps[" + std::to_string(i) + "]";
    seed.apps.push_back(read_app(r, *apps[i], where, usernames));
    once(keys, *apps[i], where, "client_key", seed.apps.back().client_key);
  }
}

}  // namespace

SeedError::SeedError(std::vector<std::string> problems)
    : std::runtime_error(join_lines(problems)), problems_(std::move(problems)) {}

Seed parse_seed(std::string_view toml_text, const std::string& source_name) {
  toml::table root;
  try {
    root = toml::parse(toml_text, source_name);
  } catch (const toml::parse_error& e) {
    throw SeedError({source_name + ":" + std::to_string(e.source().begin.line) + ": " +
                     std::string(e.description())});
  }
  Reader r(source_name);
  r.only_keys(root, "", {"sandbox", "developer", "sunset", "users", "apps"});
  Seed seed;
  seed.developer = default_seed().developer;
  if (const auto* t = r.table(root, "", "sandbox")) seed.hosts = read_hosts(r, *t);
  if (const auto* t = r.table(root, "", "developer")) seed.developer = read_developer(r, *t);
  if (const auto* t = r.table(root, "", "sunset")) {
    r.only_keys(*t, "sunset", {"v2_for_new_apps", "domain_freeze", "v1_web_end_of_life"});
    seed.sunset = {r.date(*t, "sunset", "v2_for_new_apps"), r.date(*t, "sunset", "domain_freeze"),
                   r.date(*t, "sunset", "v1_web_end_of_life")};
  }
  read_users_and_apps(r, root, seed);
  if (!r.problems().empty()) throw SeedError(r.problems());
  return seed;
}

Seed load_seed(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw SeedError({file.string() + ": cannot be read"});
  std::ostringstream text;
  text << in.rdbuf();
  return parse_seed(text.str(), file.string());
}

void apply_sunset(const Seed& seed, SunsetConfig& sunset) {
  if (seed.sunset.v2_for_new_apps) sunset.v2_for_new_apps = *seed.sunset.v2_for_new_apps;
  if (seed.sunset.domain_freeze) sunset.domain_freeze = *seed.sunset.domain_freeze;
  if (seed.sunset.v1_web_end_of_life) sunset.v1_web_end_of_life = *seed.sunset.v1_web_end_of_life;
}

}  // namespace loginkit::sandbox
