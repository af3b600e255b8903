#include "cli/environment.hpp"

#include <cstdlib>
#include <filesystem>
#include <optional>

#include "cli/config_file.hpp"
#include "store/cached/cached_sqlite.hpp"
#include "store/memory/memory_store.hpp"
#include "store/postgres/pg_store.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace loginkit::cli {

namespace {

int threads_from(const std::string& text, const char* source) {
  try {
    std::size_t used = 0;
    int n = std::stoi(text, &used);
    if (used == text.size()) return n;
  } catch (const std::exception&) {
  }
  throw std::runtime_error(std::string(source) + " must be a whole number, got '" + text + "'");
}

// LOGINKIT_* environment variables override the file; flags override both.
void apply_environment(Config& c) {
  auto env = [](const char* name) -> std::optional<std::string> {
    const char* v = std::getenv(name);
    if (!v || !*v) return std::nullopt;
    return std::string(v);
  };
  if (auto v = env("LOGINKIT_DATA_DIR")) c.data_dir = *v;
  if (auto v = env("LOGINKIT_STORE")) c.store = *v;
  if (auto v = env("LOGINKIT_LISTEN")) c.http.listen = *v;
  if (auto v = env("LOGINKIT_TLS_CERT")) c.http.tls_cert = *v;
  if (auto v = env("LOGINKIT_TLS_KEY")) c.http.tls_key = *v;
  if (auto v = env("LOGINKIT_ADMIN_TOKEN")) c.admin_token = *v;
  if (auto v = env("LOGINKIT_ISSUER")) c.issuer = *v;
  if (const char* v = std::getenv("LOGINKIT_OPS_LISTEN")) c.http.ops_listen = v;  // "" = off
  if (auto v = env("LOGINKIT_THREADS")) c.http.threads = threads_from(*v, "LOGINKIT_THREADS");
  if (auto v = env("LOGINKIT_ADMIN_TOKEN_FILE")) c.admin_token_file = *v;
  if (auto v = env("LOGINKIT_STORE_FILE")) c.store_file = *v;
  if (auto v = env("LOGINKIT_SERVER_KEY_FILE")) c.server_key_file = *v;
}

// A secret given by file (`<name>_file`): giving both forms, from any mix of config file,
// environment and flags, is a mistake worth stopping for rather than guessing which one wins.
void resolve_secret_file(std::string& value, const std::string& file, const std::string& name) {
  if (file.empty()) return;
  if (!value.empty()) {
    throw std::runtime_error(name + " and " + name +
                             "_file are both set (config file, LOGINKIT_* environment or flags); "
                             "set only one");
  }
  value = read_secret_file(file, name + "_file");
}

// True when HOST:PORT binds only the loopback interface (127.0.0.0/8, ::1, localhost).
bool loopback_listen(const std::string& listen) {
  std::string host = listen.substr(0, listen.rfind(':'));
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  return host == "localhost" || host == "::1" || host.starts_with("127.");
}

void validate(const Config& c) {
  if (c.http.tls_cert.empty() != c.http.tls_key.empty()) {
    throw std::runtime_error("tls_cert and tls_key go together");
  }
  if (c.http.listen.rfind(':') == std::string::npos) {
    throw std::runtime_error("listen must be HOST:PORT, got '" + c.http.listen + "'");
  }
  if (!c.http.ops_listen.empty() && c.http.ops_listen.rfind(':') == std::string::npos) {
    throw std::runtime_error("ops_listen must be HOST:PORT or empty, got '" + c.http.ops_listen +
                             "'");
  }
  // Without a configured issuer the metadata names whatever Host a client sends; on a reachable
  // address that is the attacker's choice, so the operator must say what the server is called.
  if (c.issuer.empty() && !loopback_listen(c.http.listen)) {
    throw std::runtime_error(
        "issuer must be set (e.g. issuer = \"https://login.example.com\") "
        "when listen is not a loopback address, got listen '" +
        c.http.listen + "'");
  }
  if (!c.issuer.empty() && !c.issuer.starts_with("https://") && !c.issuer.starts_with("http://")) {
    throw std::runtime_error("issuer must be an http:// or https:// URL, got '" + c.issuer + "'");
  }
  if (c.http.threads < 0 || c.http.threads > 1024) {
    throw std::runtime_error("threads must be between 0 (auto) and 1024");
  }
  if (!c.admin_token.empty() && c.admin_token.size() < 16) {
    throw std::runtime_error("admin_token must be at least 16 characters");
  }
  if (!c.store.empty() && !c.store.starts_with("postgres://") &&
      !c.store.starts_with("postgresql://") && c.store != "memory:") {
    throw std::runtime_error("store must be empty (SQLite), a postgres:// URL or memory:");
  }
  const auto& s = c.oauth.sunset;
  if (!(s.v2_for_new_apps <= s.domain_freeze && s.domain_freeze <= s.v1_web_end_of_life)) {
    throw std::runtime_error(
        "sunset dates must be in order: v2_for_new_apps <= domain_freeze <= v1_web_end_of_life");
  }
}

}  // namespace

Config load_config(const Args& args) {
  Config c;
  if (auto path = args.get("config")) load_config_file(*path, c);
  apply_environment(c);
  if (auto v = args.get("data")) c.data_dir = *v;
  if (auto v = args.get("listen")) c.http.listen = *v;
  if (auto v = args.get("ops-listen")) c.http.ops_listen = *v;
  if (auto v = args.get("tls-cert")) c.http.tls_cert = *v;
  if (auto v = args.get("tls-key")) c.http.tls_key = *v;
  if (auto v = args.get("threads")) c.http.threads = threads_from(*v, "--threads");
  if (auto v = args.get("admin-token")) c.admin_token = *v;
  if (auto v = args.get("store")) c.store = *v;
  if (auto v = args.get("admin-token-file")) c.admin_token_file = *v;
  if (auto v = args.get("store-file")) c.store_file = *v;
  if (auto v = args.get("server-key-file")) c.server_key_file = *v;
  resolve_secret_file(c.admin_token, c.admin_token_file, "admin_token");
  resolve_secret_file(c.store, c.store_file, "store");
  c.test_clock = args.has("test-clock");
  validate(c);
  return c;
}

StoreEngine store_engine(const Config& config) {
  if (config.store.starts_with("postgres://") || config.store.starts_with("postgresql://")) {
    return StoreEngine::kPostgres;
  }
  return config.store == "memory:" ? StoreEngine::kMemory : StoreEngine::kSqlite;
}

const char* store_engine_name(StoreEngine engine) {
  switch (engine) {
    case StoreEngine::kPostgres:
      return "postgres";
    case StoreEngine::kMemory:
      return "memory";
    case StoreEngine::kSqlite:
      break;
  }
  return "sqlite";
}

std::unique_ptr<Store> open_store(const Config& config) {
  std::unique_ptr<Store> store;
  auto engine = store_engine(config);
  if (engine == StoreEngine::kPostgres) {
    store = std::make_unique<PgStore>(config.store);
  } else if (engine == StoreEngine::kMemory) {  // tests and throwaway runs: nothing survives exit
    store = std::make_unique<MemoryStore>();
  } else {
    std::filesystem::create_directories(config.data_dir);
    store = std::make_unique<SqliteStore>(config.data_dir + "/loginkit.db");
  }
  store->migrate();
  // The read cache is coherent where one process writes and every other writer is seen: SQLite
  // (its probe sees commits by other processes) and memory. PostgreSQL's other nodes write
  // unseen, so it reads every time.
  if (!config.store_cache || engine == StoreEngine::kPostgres) return store;
  if (engine == StoreEngine::kSqlite) {
    return cached_sqlite_store(std::move(store), config.data_dir + "/loginkit.db");
  }
  return std::make_unique<CachedStore>(std::move(store), cached::CacheOptions{});
}

}  // namespace loginkit::cli
