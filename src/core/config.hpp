#pragma once
// Configuration, parsed once into an immutable typed struct (after Envoy).
#include <cstdint>
#include <string>
#include <vector>

namespace loginkit {

// SPEC §5: the sunset dates (UTC midnight, as Unix seconds) and the v1 lifetimes (SPEC §3).
struct SunsetConfig {
  std::int64_t v2_for_new_apps = 1683849600;     // 2023-05-12
  std::int64_t domain_freeze = 1686528000;       // 2023-06-12
  std::int64_t v1_web_end_of_life = 1709164800;  // 2024-02-29
  std::int64_t v1_access_ttl = std::int64_t{24} * 3600;
  std::int64_t v1_refresh_ttl = std::int64_t{365} * 86400;
};

enum class ErrorStatusMode { kPlatform, kRfc };  // SPEC §2.2 HTTP status of token errors
enum class UserInfoMode { kLenient, kStrict };   // SPEC §2.4 unknown / unscoped fields

struct OAuthConfig {
  ErrorStatusMode error_status = ErrorStatusMode::kPlatform;
  UserInfoMode userinfo = UserInfoMode::kLenient;
  std::int64_t code_ttl = 600;                           // SPEC §2.1: 10 minutes
  std::int64_t access_ttl = std::int64_t{2} * 3600;      // SPEC §2.2
  std::int64_t refresh_ttl = std::int64_t{180} * 86400;  // SPEC §2.2
  std::int64_t client_ttl = std::int64_t{2} * 3600;      // SPEC §2.2
  std::int64_t session_ttl = std::int64_t{12} * 3600;    // end-user and developer page sessions
  SunsetConfig sunset;
};

struct HttpConfig {
  std::string listen = "127.0.0.1:8080";
  std::string tls_cert;
  std::string tls_key;
  int threads = 0;  // 0 = one per core
  std::size_t max_header_bytes = std::size_t{16} * 1024;
  std::size_t max_body_bytes = std::size_t{64} * 1024;
  int read_timeout_seconds = 15;
  int idle_timeout_seconds = 60;
  // On SIGTERM, how long requests already begun may run before they are cut.
  int drain_timeout_seconds = 10;
  // The operations listener (admin API, /metrics, /readyz, /healthz), apart from end users;
  // empty = none. Plain HTTP: keep it on loopback or a private network.
  std::string ops_listen = "127.0.0.1:8081";
  bool public_ops = false;  // also serve the operations routes on the public listener
};

// Request rate limits; 0 = unlimited. Counted per client key (token, revoke) and per
// access token (user info) over a fixed window, per node.
struct LimitsConfig {
  std::int64_t token_per_client = 6000;
  std::int64_t revoke_per_client = 6000;
  std::int64_t userinfo_per_token = 3000;
  std::int64_t window_seconds = 60;
  // Sign-in pages (end users and developers): failed attempts per account and per client
  // address; a correct password does not count.
  std::int64_t signin_per_account = 10;
  std::int64_t signin_per_address = 50;
  std::int64_t signin_window_seconds = 300;
  // Failed client authentications (wrong secret, unknown client_key) on token and revoke, per
  // client key and source address, so a stranger cannot lock the real client out.
  std::int64_t wrong_secret_per_client_address = 60;
  // Wrong admin bearer tokens per source address.
  std::int64_t admin_token_failures = 10;
  std::int64_t admin_token_window_seconds = 300;
  // Keys each limiter tracks at most (least recently used evicted first).
  std::int64_t tracked_keys = 100000;
};

// Background purge of expired codes, tokens and sessions (one node at a time).
struct HousekeepingConfig {
  std::int64_t interval_seconds = 300;  // 0 = off
  std::int64_t grace_seconds = 86400;   // rows are kept this long past their expiry
  std::int64_t batch = 1000;            // rows per table per transaction
};

struct Config {
  std::string data_dir = "var";
  std::string store;        // empty = SQLite under data_dir; "postgres://…" = PostgreSQL
  std::string admin_token;  // empty = admin API disabled
  // Secrets kept out of the config file: each names a file whose content (minus one trailing
  // newline) is the value. admin_token_file / store_file stand for admin_token / store.
  std::string admin_token_file;
  std::string store_file;
  // Keep apps, users, developers and grants read from the store in memory (SQLite and memory
  // engines; never PostgreSQL, where other nodes write). false reads every time.
  bool store_cache = true;
  // The HMAC key behind open_id and union_id; empty = $CREDENTIALS_DIRECTORY/server_key when
  // systemd provides it, else <data_dir>/server.key (created on first start).
  std::string server_key_file;
  std::string issuer;  // RFC 8414 issuer (public base URL); empty = from the Host header
  bool test_clock = false;
  // Addresses of load balancers whose X-Forwarded-For / X-Forwarded-Proto are believed, so the
  // client address (rate limits) and the scheme (Secure cookies) survive TLS termination.
  std::vector<std::string> trusted_proxies;
  HttpConfig http;
  OAuthConfig oauth;
  LimitsConfig limits;
  HousekeepingConfig housekeeping;
};

}  // namespace loginkit
