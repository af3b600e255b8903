#pragma once
#include <string>

#include "store/sqlite/sqlite_apps.hpp"
#include "store/sqlite/sqlite_audit.hpp"
#include "store/sqlite/sqlite_codes.hpp"
#include "store/sqlite/sqlite_deny_list.hpp"
#include "store/sqlite/sqlite_developers.hpp"
#include "store/sqlite/sqlite_engine.hpp"
#include "store/sqlite/sqlite_grants.hpp"
#include "store/sqlite/sqlite_housekeeping.hpp"
#include "store/sqlite/sqlite_meta.hpp"
#include "store/sqlite/sqlite_sessions.hpp"
#include "store/sqlite/sqlite_tokens.hpp"
#include "store/sqlite/sqlite_users.hpp"
#include "store/sqlite/sqlite_v1_usage.hpp"
#include "store/store.hpp"

namespace loginkit {

// The embedded default engine: one SQLite file in WAL mode. Each artefact lives in its own
// class (sqlite_<artefact>.hpp); they share the engine's reader pool and its one writer.
class SqliteStore final : public Store {
 public:
  explicit SqliteStore(const std::string& path);

  DeveloperStore& developers() override { return developers_; }
  UserStore& users() override { return users_; }
  AppStore& apps() override { return apps_; }
  GrantStore& grants() override { return grants_; }
  CodeStore& codes() override { return codes_; }
  TokenStore& tokens() override { return tokens_; }
  SessionStore& sessions() override { return sessions_; }
  V1UsageStore& v1_usage() override { return v1_usage_; }
  AuditStore& audit() override { return audit_; }
  HousekeepingStore& housekeeping() override { return housekeeping_; }
  MetaStore& meta() override { return meta_; }
  RevokedTokenStore& revoked_tokens() override { return deny_list_; }

  void observe_commits(const std::function<void(std::size_t, double)>& observer) override {
    db_.writer.set_observer(observer);
  }
  void migrate() override;
  int schema_version() override;
  int latest_schema_version() const override;
  bool reachable() override;

 private:
  sqlite::Engine db_;
  unsigned long opened_inode_ = 0;  // identity of the file opened at start (see reachable())
  unsigned long opened_device_ = 0;
  SqliteDevelopers developers_{db_};
  SqliteUsers users_{db_};
  SqliteApps apps_{db_};
  SqliteGrants grants_{db_};
  SqliteCodes codes_{db_};
  SqliteTokens tokens_{db_};
  SqliteSessions sessions_{db_};
  SqliteV1Usage v1_usage_{db_};
  SqliteAudit audit_{db_};
  SqliteHousekeeping housekeeping_{db_};
  SqliteMeta meta_{db_};
  SqliteDenyList deny_list_{db_};
};

}  // namespace loginkit
