#include "cli/config_file.hpp"

#include <toml++/toml.h>

#include <set>
#include <stdexcept>

#include "oauth/sunset.hpp"

namespace loginkit::cli {
namespace {

template <typename T>
void read(const toml::table& t, std::string_view key, T& out, const std::string& path) {
  auto node = t.at_path(key);
  if (!node) return;
  auto v = node.value<T>();
  if (!v) throw std::runtime_error(path + ": " + std::string(key) + " has the wrong type");
  out = *v;
}

void read_positive(const toml::table& t, std::string_view key, std::int64_t& out,
                   const std::string& path) {
  read(t, key, out, path);
  if (out <= 0) throw std::runtime_error(path + ": " + std::string(key) + " must be positive");
}

void read_date(const toml::table& t, std::string_view key, std::int64_t& out,
               const std::string& path) {
  auto node = t.at_path(key);
  if (!node) return;
  std::optional<UnixSeconds> when;
  if (auto text = node.value<std::string>()) when = parse_date(*text);
  if (auto date = node.as_date()) {
    when = parse_date(std::to_string(date->get().year) + "-" + (date->get().month < 10 ? "0" : "") +
                      std::to_string(date->get().month) + "-" + (date->get().day < 10 ? "0" : "") +
                      std::to_string(date->get().day));
  }
  if (!when)
    throw std::runtime_error(path + ": " + std::string(key) + " must be a YYYY-MM-DD date");
  out = *when;
}

// Every key the file may hold; anything else is a typo worth stopping for.
const std::set<std::string> kKnownKeys = {"housekeeping.interval_seconds",
                                          "housekeeping.grace_seconds",
                                          "housekeeping.batch",
                                          "http.read_timeout",
                                          "http.idle_timeout",
                                          "http.drain_timeout",
                                          "http.max_header_bytes",
                                          "http.max_body_bytes",
                                          "limits.token_per_client",
                                          "limits.revoke_per_client",
                                          "limits.userinfo_per_token",
                                          "limits.window_seconds",
                                          "limits.signin_per_account",
                                          "limits.signin_per_address",
                                          "limits.signin_window_seconds",
                                          "limits.wrong_secret_per_client_address",
                                          "limits.admin_token_failures",
                                          "limits.admin_token_window_seconds",
                                          "limits.tracked_keys",
                                          "admin_token",
                                          "issuer",
                                          "data_dir",
                                          "store",
                                          "http.listen",
                                          "http.tls_cert",
                                          "http.tls_key",
                                          "http.threads",
                                          "http.trusted_proxies",
                                          "oauth.error_status",
                                          "oauth.userinfo",
                                          "oauth.code_ttl",
                                          "oauth.access_ttl",
                                          "oauth.refresh_ttl",
                                          "oauth.client_ttl",
                                          "oauth.session_ttl",
                                          "sunset.v2_for_new_apps",
                                          "sunset.domain_freeze",
                                          "sunset.v1_web_end_of_life",
                                          "sunset.v1_access_ttl",
                                          "sunset.v1_refresh_ttl",
                                          "admin_token_file",
                                          "store_file",
                                          "store_cache",
                                          "server_key_file",
                                          "http.ops_listen",
                                          "http.public_ops"};

void reject_unknown_keys(const toml::table& t, const std::string& prefix, const std::string& path) {
  for (const auto& [key, node] : t) {
    std::string full = prefix + std::string(key.str());
    if (auto* sub = node.as_table(); sub && prefix.empty() && !kKnownKeys.count(full)) {
      reject_unknown_keys(*sub, full + ".", path);
      continue;
    }
    if (!kKnownKeys.count(full)) {
      std::string msg = path;
      msg += ": unknown key '" + full + "' (docs/configuration.md lists every key)";
      throw std::runtime_error(msg);
    }
  }
}

// Sign-in, wrong-secret and admin-token limits: counts are 0 (unlimited) or positive, windows and
// the key capacity positive.
void read_limits_of_guessing(const toml::table& t, LimitsConfig& l, const std::string& path) {
  for (auto [key, out] :
       {std::pair{"limits.signin_per_account", &l.signin_per_account},
        std::pair{"limits.signin_per_address", &l.signin_per_address},
        std::pair{"limits.wrong_secret_per_client_address", &l.wrong_secret_per_client_address},
        std::pair{"limits.admin_token_failures", &l.admin_token_failures}}) {
    read(t, key, *out, path);
    if (*out < 0)
      throw std::runtime_error(path + ": " + key + " must be 0 (unlimited) or positive");
  }
  read_positive(t, "limits.signin_window_seconds", l.signin_window_seconds, path);
  read_positive(t, "limits.admin_token_window_seconds", l.admin_token_window_seconds, path);
  read_positive(t, "limits.tracked_keys", l.tracked_keys, path);
}

}  // namespace

void load_config_file(const std::string& path, Config& c) {
  toml::table t;
  try {
    t = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    throw std::runtime_error(path + ": " + std::string(e.description()));
  }
  reject_unknown_keys(t, "", path);
  read(t, "admin_token", c.admin_token, path);
  read(t, "issuer", c.issuer, path);
  if (auto node = t.at_path("http.trusted_proxies")) {
    auto* list = node.as_array();
    if (!list)
      throw std::runtime_error(path + ": http.trusted_proxies must be a list of addresses");
    for (const auto& item : *list) {
      auto v = item.value<std::string>();
      if (!v) throw std::runtime_error(path + ": http.trusted_proxies must hold strings");
      c.trusted_proxies.push_back(*v);
    }
  }
  read(t, "data_dir", c.data_dir, path);
  read(t, "store", c.store, path);
  read(t, "admin_token_file", c.admin_token_file, path);
  read(t, "store_file", c.store_file, path);
  read(t, "store_cache", c.store_cache, path);
  read(t, "server_key_file", c.server_key_file, path);
  read(t, "http.listen", c.http.listen, path);
  read(t, "http.tls_cert", c.http.tls_cert, path);
  read(t, "http.tls_key", c.http.tls_key, path);
  read(t, "http.ops_listen", c.http.ops_listen, path);
  read(t, "http.public_ops", c.http.public_ops, path);
  std::int64_t threads = c.http.threads;
  read(t, "http.threads", threads, path);
  c.http.threads = static_cast<int>(threads);
  std::int64_t n = c.http.read_timeout_seconds;
  read_positive(t, "http.read_timeout", n, path);
  c.http.read_timeout_seconds = static_cast<int>(n);
  n = c.http.idle_timeout_seconds;
  read_positive(t, "http.idle_timeout", n, path);
  c.http.idle_timeout_seconds = static_cast<int>(n);
  n = c.http.drain_timeout_seconds;
  read_positive(t, "http.drain_timeout", n, path);
  c.http.drain_timeout_seconds = static_cast<int>(n);
  n = static_cast<std::int64_t>(c.http.max_header_bytes);
  read_positive(t, "http.max_header_bytes", n, path);
  c.http.max_header_bytes = static_cast<std::size_t>(n);
  n = static_cast<std::int64_t>(c.http.max_body_bytes);
  read_positive(t, "http.max_body_bytes", n, path);
  c.http.max_body_bytes = static_cast<std::size_t>(n);
  read(t, "limits.token_per_client", c.limits.token_per_client, path);
  read(t, "limits.revoke_per_client", c.limits.revoke_per_client, path);
  read(t, "limits.userinfo_per_token", c.limits.userinfo_per_token, path);
  read_positive(t, "limits.window_seconds", c.limits.window_seconds, path);
  if (c.limits.token_per_client < 0 || c.limits.revoke_per_client < 0 ||
      c.limits.userinfo_per_token < 0) {
    throw std::runtime_error(path + ": limits.* must be 0 (unlimited) or positive");
  }
  read_limits_of_guessing(t, c.limits, path);
  read(t, "housekeeping.interval_seconds", c.housekeeping.interval_seconds, path);
  if (c.housekeeping.interval_seconds < 0) {
    throw std::runtime_error(path + ": housekeeping.interval_seconds must be 0 (off) or positive");
  }
  read_positive(t, "housekeeping.grace_seconds", c.housekeeping.grace_seconds, path);
  read_positive(t, "housekeeping.batch", c.housekeeping.batch, path);
  std::string error_status = "platform", userinfo = "lenient";
  read(t, "oauth.error_status", error_status, path);
  read(t, "oauth.userinfo", userinfo, path);
  if (error_status != "platform" && error_status != "rfc") {
    throw std::runtime_error(path + ": oauth.error_status must be \"platform\" or \"rfc\"");
  }
  if (userinfo != "lenient" && userinfo != "strict") {
    throw std::runtime_error(path + ": oauth.userinfo must be \"lenient\" or \"strict\"");
  }
  c.oauth.error_status = error_status == "rfc" ? ErrorStatusMode::kRfc : ErrorStatusMode::kPlatform;
  c.oauth.userinfo = userinfo == "strict" ? UserInfoMode::kStrict : UserInfoMode::kLenient;
  read_positive(t, "oauth.code_ttl", c.oauth.code_ttl, path);
  read_positive(t, "oauth.access_ttl", c.oauth.access_ttl, path);
  read_positive(t, "oauth.refresh_ttl", c.oauth.refresh_ttl, path);
  read_positive(t, "oauth.client_ttl", c.oauth.client_ttl, path);
  read_positive(t, "oauth.session_ttl", c.oauth.session_ttl, path);
  auto& sunset = c.oauth.sunset;
  read_date(t, "sunset.v2_for_new_apps", sunset.v2_for_new_apps, path);
  read_date(t, "sunset.domain_freeze", sunset.domain_freeze, path);
  read_date(t, "sunset.v1_web_end_of_life", sunset.v1_web_end_of_life, path);
  read_positive(t, "sunset.v1_access_ttl", sunset.v1_access_ttl, path);
  read_positive(t, "sunset.v1_refresh_ttl", sunset.v1_refresh_ttl, path);
}

}  // namespace loginkit::cli
