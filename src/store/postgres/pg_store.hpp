#pragma once
#include <string>

#include "store/postgres/pg_apps.hpp"
#include "store/postgres/pg_audit.hpp"
#include "store/postgres/pg_codes.hpp"
#include "store/postgres/pg_deny_list.hpp"
#include "store/postgres/pg_developers.hpp"
#include "store/postgres/pg_engine.hpp"
#include "store/postgres/pg_grants.hpp"
#include "store/postgres/pg_housekeeping.hpp"
#include "store/postgres/pg_meta.hpp"
#include "store/postgres/pg_sessions.hpp"
#include "store/postgres/pg_tokens.hpp"
#include "store/postgres/pg_users.hpp"
#include "store/postgres/pg_v1_usage.hpp"
#include "store/store.hpp"

namespace loginkit {

// The engine for several stateless nodes: one PostgreSQL database shared by all of them. Each
// artefact lives in its own class (pg_<artefact>.hpp); they share the engine's connection pool.
class PgStore final : public Store {
 public:
  explicit PgStore(const std::string& conninfo) : db_(conninfo) {}

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

  void migrate() override;
  int schema_version() override;
  int latest_schema_version() const override;
  bool reachable() override;

 private:
  pg::Engine db_;
  PgDevelopers developers_{db_};
  PgUsers users_{db_};
  PgApps apps_{db_};
  PgGrants grants_{db_};
  PgCodes codes_{db_};
  PgTokens tokens_{db_};
  PgSessions sessions_{db_};
  PgV1Usage v1_usage_{db_};
  PgAudit audit_{db_};
  PgHousekeeping housekeeping_{db_};
  PgMeta meta_{db_};
  PgDenyList deny_list_{db_};
};

}  // namespace loginkit
