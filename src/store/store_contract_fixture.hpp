#pragma once
// The storage contract suite's fixture (DESIGN.md "one storage contract suite run against every
// engine"): each test gets a fresh, migrated store of one engine. "sqlite" is a new file in a temp
// directory; "postgres" is a new database `lk_contract_<random>` created through the server named
// by LOGINKIT_TEST_PG (a libpq conninfo, e.g. from scripts/start-postgres.sh) and dropped after
// the test; "memory" is a new set of in-memory tables. Without LOGINKIT_TEST_PG the postgres
// cases skip, saying so. Tests that open a second store (a second node) get, on the memory
// engine, a second MemoryStore over the same tables.
// "cached" is the read cache (store/cached/) over a new SQLite file; each further instance (a
// second process on the file) has a cache and a change probe of its own.
#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "store/cached/cached_sqlite.hpp"
#include "store/memory/memory_store.hpp"
#include "store/postgres/pg_db.hpp"
#include "store/postgres/pg_migrations.hpp"
#include "store/postgres/pg_store.hpp"
#include "store/sqlite/migrations.hpp"
#include "store/sqlite/sqlite_db.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/store.hpp"
#include "store/test_names.hpp"

namespace loginkit::contract {

inline constexpr const char* kSqlite = "sqlite";
inline constexpr const char* kPostgres = "postgres";
inline constexpr const char* kMemory = "memory";
inline constexpr const char* kCached = "cached";
inline constexpr UnixSeconds kNow = 1'700'000'000;
inline constexpr UnixSeconds kDay = 86'400;

inline std::string random_suffix() {
  std::random_device rd;
  std::uniform_int_distribution<unsigned> hex(0, 15);
  std::string out;
  for (int i = 0; i < 16; ++i) out += "0123456789abcdef"[hex(rd)];
  return out;
}

// One short-lived libpq connection for the admin step (create / drop the per-test database).
class PgAdmin {
 public:
  explicit PgAdmin(const std::string& conninfo) : conn_(PQconnectdb(conninfo.c_str())) {
    if (PQstatus(conn_) != CONNECTION_OK) {
      std::string msg = PQerrorMessage(conn_);
      PQfinish(conn_);
      throw std::runtime_error("LOGINKIT_TEST_PG: cannot connect: " + msg);
    }
  }
  ~PgAdmin() { PQfinish(conn_); }
  PgAdmin(const PgAdmin&) = delete;
  PgAdmin& operator=(const PgAdmin&) = delete;

  void exec(const std::string& sql) {
    PGresult* r = PQexec(conn_, sql.c_str());
    bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    std::string msg = ok ? "" : PQresultErrorMessage(r);
    PQclear(r);
    if (!ok) throw std::runtime_error(sql + ": " + msg);
  }

 private:
  PGconn* conn_;
};

// The same conninfo (URI or key=value form) pointed at another database.
inline std::string with_dbname(const std::string& conninfo, const std::string& dbname) {
  char* err = nullptr;
  PQconninfoOption* opts = PQconninfoParse(conninfo.c_str(), &err);
  if (opts == nullptr) {
    std::string msg = err != nullptr ? err : "unparsable";
    PQfreemem(err);
    throw std::runtime_error("LOGINKIT_TEST_PG: " + msg);
  }
  auto quote = [](const std::string& v) {
    std::string q = "'";
    for (char ch : v) {
      if (ch == '\'' || ch == '\\') q += '\\';
      q += ch;
    }
    return q + "'";
  };
  std::string out;
  for (PQconninfoOption* o = opts; o->keyword != nullptr; ++o) {
    if (o->val == nullptr || std::string(o->keyword) == "dbname") continue;
    out += std::string(o->keyword) + "=" + quote(o->val) + " ";
  }
  PQconninfoFree(opts);
  return out + "dbname=" + quote(dbname);
}

inline std::string engine_name(const ::testing::TestParamInfo<std::string>& info) {
  return info.param;
}

class StoreContract : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == kSqlite || GetParam() == kCached) {
      dir_ = std::filesystem::temp_directory_path() / ("lk-contract-" + random_suffix());
      std::filesystem::create_directories(dir_);
      location_ = (dir_ / "store.db").string();
    } else if (GetParam() == kMemory) {
      memory_ = std::make_shared<memory::Engine>();
    } else {
      const char* base = std::getenv("LOGINKIT_TEST_PG");
      if (base == nullptr || *base == '\0') {
        GTEST_SKIP() << "postgres engine skipped: set LOGINKIT_TEST_PG to a conninfo, e.g. "
                        "LOGINKIT_TEST_PG=\"$(scripts/start-postgres.sh)\"";
      }
      admin_conninfo_ = base;
      std::string name = "lk_contract_" + random_suffix();
      PgAdmin(admin_conninfo_).exec("CREATE DATABASE " + name);
      db_name_ = name;
      location_ = with_dbname(admin_conninfo_, db_name_);
    }
    store_ = open_store();
    store_->migrate();
  }

  // FORCE cannot end a backend of another role: an autovacuum worker that has just started on the
  // fresh database makes the drop fail until it exits, so a few tries, a moment apart.
  void drop_database(const std::string& name) {
    for (int attempt = 1;; ++attempt) {
      try {
        PgAdmin(admin_conninfo_).exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        return;
      } catch (const std::runtime_error&) {
        if (attempt == 20) throw;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    }
  }

  void TearDown() override {
    store_.reset();
    if (!db_name_.empty()) drop_database(db_name_);
    for (const auto& old : old_db_names_) drop_database(old);
    if (!dir_.empty()) {
      std::error_code ec;
      std::filesystem::remove_all(dir_, ec);
    }
  }

  // A further instance on the same database: another node of a deployment.
  std::unique_ptr<Store> open_store() const {
    if (GetParam() == kSqlite) return std::make_unique<SqliteStore>(location_);
    if (GetParam() == kMemory) return std::make_unique<MemoryStore>(memory_);
    if (GetParam() == kCached) {
      return cached_sqlite_store(std::make_unique<SqliteStore>(location_), location_);
    }
    return std::make_unique<PgStore>(location_);
  }

  // Closes store_ and points the fixture at a new, empty database (SQLite and PostgreSQL only)
  // brought to schema `version` by this binary's first `version` migrations, as an older
  // release left it. raw_sql then writes rows the way that release did; open_store() and
  // migrate() bring it up to date.
  void restart_at_version(int version) {
    store_.reset();
    if (GetParam() == kSqlite || GetParam() == kCached) {
      location_ = (dir_ / ("old-" + random_suffix() + ".db")).string();
      sqlite::Connection c(location_);
      for (int i = 0; i < version; ++i) c.exec(sqlite::migrations()[static_cast<std::size_t>(i)]);
      c.exec(numbered("PRAGMA user_version = ", version));
      return;
    }
    std::string name = "lk_contract_old_" + random_suffix();
    PgAdmin(admin_conninfo_).exec("CREATE DATABASE " + name);
    old_db_names_.push_back(name);
    location_ = with_dbname(admin_conninfo_, name);
    pg::Connection c(location_);
    for (int i = 0; i < version; ++i) c.exec_script(pg::migrations()[static_cast<std::size_t>(i)]);
    c.exec_script(
        "CREATE TABLE schema_version(version INTEGER NOT NULL); "
        "INSERT INTO schema_version(version) VALUES (" +
        std::to_string(version) + ")");
  }

  void raw_sql(const std::string& sql) {
    if (GetParam() == kSqlite || GetParam() == kCached) {
      sqlite::Connection(location_).exec(sql);
    } else {
      pg::Connection(location_).exec_script(sql);
    }
  }

  Id seed_developer(const std::string& email = "dev@example.com") {
    return store_->developers().create_developer(Developer{0, email, "Dev", "argon2-hash", kNow});
  }

  Id seed_user(const std::string& username) {
    User u;
    u.username = username;
    u.password_hash = "argon2-hash";
    u.display_name = "User " + username;
    u.created_at = kNow;
    return store_->users().create_user(u);
  }

  static App make_app(Id developer_id, const std::string& client_key) {
    App a;
    a.client_key = client_key;
    a.secret_hash = "secret-hash-" + client_key;
    a.developer_id = developer_id;
    a.name = "App " + client_key;
    a.scopes = parse_scopes("user.info.basic,video.list");
    a.login_kit = true;
    a.web_enabled = true;
    a.redirect_uris = {{Platform::kWeb, "https://" + client_key + ".example/cb"}};
    a.created_at = kNow;
    return a;
  }

  Id seed_app(Id developer_id, const std::string& client_key) {
    return store_->apps().create_app(make_app(developer_id, client_key));
  }

  static Grant make_grant(Id app_id, Id user_id) {
    Grant g;
    g.app_id = app_id;
    g.user_id = user_id;
    g.scopes = parse_scopes("user.info.basic,video.list");
    g.api_version = 2;
    g.platform = Platform::kWeb;
    g.created_at = kNow;
    return g;
  }

  static AuthCode make_code(const std::string& hash) {
    return AuthCode{hash, 0, "https://app.example/cb", "challenge-" + hash, kNow + 600, false};
  }

  // A grant of (app, user) with an unconsumed code `code_hash`.
  Id seed_grant(Id app_id, Id user_id, const std::string& code_hash) {
    return store_->grants().create_grant_with_code(make_grant(app_id, user_id),
                                                   make_code(code_hash));
  }

  static Token make_token(const std::string& hash, TokenKind kind, Id app_id,
                          std::optional<Id> grant_id) {
    Token t;
    t.hash = hash;
    t.kind = kind;
    t.app_id = app_id;
    t.grant_id = grant_id;
    t.scopes = parse_scopes("user.info.basic,video.list");
    t.api_version = 2;
    t.expires_at = kind == TokenKind::kRefresh ? kNow + 365 * kDay : kNow + kDay;
    return t;
  }

  // An access + refresh pair named `<prefix>-access` / `<prefix>-refresh`.
  static IssuedTokens make_pair(const std::string& prefix, Id app_id, Id grant_id,
                                UnixSeconds refresh_deadline = kNow + 365 * kDay) {
    return IssuedTokens{{make_token(prefix + "-access", TokenKind::kAccess, app_id, grant_id),
                         make_token(prefix + "-refresh", TokenKind::kRefresh, app_id, grant_id)},
                        refresh_deadline};
  }

  bool token_exists(const std::string& hash) {
    return store_->tokens().find_token(hash).has_value();
  }
  bool token_revoked(const std::string& hash) {
    auto t = store_->tokens().find_token(hash);
    return t && t->revoked;
  }

  std::unique_ptr<Store> store_;

 private:
  std::filesystem::path dir_;
  std::string location_;
  std::string admin_conninfo_;
  std::string db_name_;
  std::vector<std::string> old_db_names_;
  std::shared_ptr<memory::Engine> memory_;
};

// A suite about one app and one user: a developer, the user "alice" and an app whose client key is
// `client_key`, seeded before each test.
class StoreContractWithApp : public StoreContract {
 protected:
  explicit StoreContractWithApp(std::string client_key) : client_key_(std::move(client_key)) {}
  void SetUp() override {
    StoreContract::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    dev_ = seed_developer();
    user_ = seed_user("alice");
    app_ = seed_app(dev_, client_key_);
  }
  Id dev_ = 0;
  Id user_ = 0;
  Id app_ = 0;

 private:
  std::string client_key_;
};

inline std::vector<std::string> uris_of(const App& app, Platform p) {
  std::vector<std::string> out;
  for (const auto& r : app.redirect_uris) {
    if (r.platform == p) out.push_back(r.uri);
  }
  return out;
}

// Field by field, so a failure names the field. Redirect URIs keep their order per platform.
inline void expect_same_app(const App& want, const App& got) {
  EXPECT_EQ(got.client_key, want.client_key);
  EXPECT_EQ(got.secret_hash, want.secret_hash);
  EXPECT_EQ(got.developer_id, want.developer_id);
  EXPECT_EQ(got.name, want.name);
  EXPECT_EQ(got.scopes, want.scopes);
  EXPECT_EQ(got.login_kit, want.login_kit);
  EXPECT_EQ(got.web_enabled, want.web_enabled);
  EXPECT_EQ(got.require_pkce_web, want.require_pkce_web);
  EXPECT_EQ(got.created_at, want.created_at);
  EXPECT_EQ(got.redirect_uris.size(), want.redirect_uris.size());
  for (Platform p : {Platform::kWeb, Platform::kDesktop, Platform::kAndroid, Platform::kIos}) {
    EXPECT_EQ(uris_of(got, p), uris_of(want, p)) << "redirect URIs of " << platform_name(p);
  }
  EXPECT_EQ(got.legacy_domains, want.legacy_domains);
}

inline void expect_same_token(const Token& want, const Token& got) {
  EXPECT_EQ(got.hash, want.hash);
  EXPECT_EQ(got.kind, want.kind);
  EXPECT_EQ(got.app_id, want.app_id);
  EXPECT_EQ(got.grant_id, want.grant_id);
  EXPECT_EQ(got.scopes, want.scopes);
  EXPECT_EQ(got.api_version, want.api_version);
  EXPECT_EQ(got.expires_at, want.expires_at);
}

}  // namespace loginkit::contract
