#pragma once
// The in-memory engine: every artefact in plain maps behind one mutex (memory_engine.hpp),
// nothing on disk. It serves unit tests and throwaway local runs (`store = "memory:"`); whatever
// it holds is gone when the process ends.
#include <memory>

#include "store/memory/memory_apps.hpp"
#include "store/memory/memory_audit.hpp"
#include "store/memory/memory_codes.hpp"
#include "store/memory/memory_deny_list.hpp"
#include "store/memory/memory_developers.hpp"
#include "store/memory/memory_engine.hpp"
#include "store/memory/memory_grants.hpp"
#include "store/memory/memory_housekeeping.hpp"
#include "store/memory/memory_meta.hpp"
#include "store/memory/memory_sessions.hpp"
#include "store/memory/memory_tokens.hpp"
#include "store/memory/memory_users.hpp"
#include "store/memory/memory_v1_usage.hpp"
#include "store/store.hpp"

namespace loginkit {

class MemoryStore final : public Store {
 public:
  MemoryStore() : MemoryStore(std::make_shared<memory::Engine>()) {}
  // A further store over the same tables: another "node" of one deployment, as the storage
  // contract suite opens one on SQLite and PostgreSQL.
  explicit MemoryStore(std::shared_ptr<memory::Engine> db) : db_(std::move(db)) {}
  const std::shared_ptr<memory::Engine>& engine() const { return db_; }

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

  // Nothing to migrate: the maps are the latest schema from the start.
  void migrate() override {}
  int schema_version() override { return kSchemaVersion; }
  int latest_schema_version() const override { return kSchemaVersion; }
  bool reachable() override { return true; }

 private:
  static constexpr int kSchemaVersion = 1;
  std::shared_ptr<memory::Engine> db_;
  MemoryDevelopers developers_{*db_};
  MemoryUsers users_{*db_};
  MemoryApps apps_{*db_};
  MemoryGrants grants_{*db_};
  MemoryCodes codes_{*db_};
  MemoryTokens tokens_{*db_};
  MemorySessions sessions_{*db_};
  MemoryV1Usage v1_usage_{*db_};
  MemoryAudit audit_{*db_};
  MemoryHousekeeping housekeeping_{*db_};
  MemoryMeta meta_{*db_};
  MemoryDenyList deny_list_{*db_};
};

}  // namespace loginkit
