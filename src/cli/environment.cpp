#include "cli/environment.hpp"

#include <filesystem>

#include "cli/config_file.hpp"
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
  c.test_clock = args.has("test-clock");
  if (c.http.tls_cert.empty() != c.http.tls_key.empty()) {
    throw std::runtime_error("--tls-cert and --tls-key go together");
  }
  return c;
}

std::unique_ptr<Store> open_store(const Config& config) {
  std::filesystem::create_directories(config.data_dir);
  auto store = std::make_unique<SqliteStore>(config.data_dir + "/loginkit.db");
  store->migrate();
  return store;
}

}  // namespace loginkit::cli
