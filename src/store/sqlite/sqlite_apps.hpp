#pragma once
#include "store/sqlite/sqlite_engine.hpp"
#include "store/store.hpp"

namespace loginkit {

// Apps with their redirect URIs and legacy domains; updates are compare-and-set on the version.
class SqliteApps final : public AppStore {
 public:
  explicit SqliteApps(sqlite::Engine& db) : db_(db) {}

  Id create_app(const App& app) override;
  std::optional<App> find_app(Id id) override;
  std::optional<App> find_app_by_key(const std::string& client_key) override;
  std::vector<App> list_apps() override;
  std::optional<App> find_app_core(Id id) override;
  std::optional<App> find_app_core_by_key(const std::string& client_key) override;
  bool update_app(const App& app) override;

 private:
  sqlite::Engine& db_;
};

}  // namespace loginkit
