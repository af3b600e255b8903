#include "cli/environment.hpp"

#include <cstdlib>
#include <filesystem>

#include "cli/config_file.hpp"
#include "store/postgres/pg_store.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace loginkit::cli {

Config load_config(const Args& args) {
  Config c;
  if (auto path = args.get("config")) load_config_file(*path, c);
  if (auto v = args.get("data")) c.data_dir = *v;
  if (auto v = args.get("listen")) c.http.listen = *v;
  if (auto v = args.get("tls-cert")) c.http.tls_cert = *v;
  if (auto v = args.get("tls-key")) c.http.tls_key = *v;
  if (auto v = args.get("threads")) c.http.threads = std::stoi(*v);
  if (auto v = args.get("admin-token")) c.admin_token = *v;
  if (auto v = args.get("store")) c.store = *v;
  if (const char* env = std::getenv("LOGINKIT_STORE"); env && !args.get("store")) c.store = env;
  c.test_clock = args.has("test-clock");
  if (c.http.tls_cert.empty() != c.http.tls_key.empty()) {
    throw std::runtime_error("--tls-cert and --tls-key go together");
  }
  return c;
}

std::unique_ptr<Store> open_store(const Config& config) {
  std::unique_ptr<Store> store;
  // `store = "postgres://…"` (or postgresql://) selects PostgreSQL; otherwise SQLite in data_dir.
  if (config.store.starts_with("postgres://") || config.store.starts_with("postgresql://")) {
    store = std::make_unique<PgStore>(config.store);
  } else {
    std::filesystem::create_directories(config.data_dir);
    store = std::make_unique<SqliteStore>(config.data_dir + "/loginkit.db");
  }
  store->migrate();
  return store;
}

}  // namespace loginkit::cli
