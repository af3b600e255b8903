#pragma once
// What every protocol-service test stands on: a fresh in-memory store (the engines themselves are
// proven equal by the storage contract suite), a still clock and default settings, wired into an
// OAuthContext.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "oauth/context.hpp"
#include "store/memory/memory_store.hpp"

namespace loginkit::services {

// Time stands still unless a test moves it, so expiries and timestamps can be compared exactly.
class StillClock final : public Clock {
 public:
  UnixSeconds now() const override { return now_; }
  void set(UnixSeconds at) { now_ = at; }
  void advance(UnixSeconds seconds) { now_ += seconds; }

 private:
  UnixSeconds now_ = 1'700'000'000;
};

class ServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::make_unique<MemoryStore>();
    store_->migrate();
    ctx_ = std::make_unique<OAuthContext>(
        OAuthContext{*store_, clock_, config_, nullptr, "service-test-server-key-0123456789"});
  }

  void TearDown() override {
    ctx_.reset();
    store_.reset();
  }

  Store& store() { return *store_; }
  OAuthContext& ctx() { return *ctx_; }

  Id seed_developer(const std::string& email = "dev@example.com") {
    return store_->developers().create_developer(
        Developer{0, email, "Dev", "not-a-hash", clock_.now()});
  }

  Id seed_user(const std::string& username = "alice") {
    User u;
    u.username = username;
    u.password_hash = "not-a-hash";
    u.display_name = "User " + username;
    u.created_at = clock_.now();
    return store_->users().create_user(u);
  }

  Id seed_app(Id developer_id, const std::string& client_key, const std::string& name = "App") {
    App a;
    a.client_key = client_key;
    a.secret_hash = "secret-hash-" + client_key;
    a.developer_id = developer_id;
    a.name = name;
    a.scopes = parse_scopes("user.info.basic");
    a.redirect_uris = {{Platform::kWeb, "https://" + client_key + ".example/cb"}};
    a.created_at = clock_.now();
    return store_->apps().create_app(a);
  }

  StillClock clock_;
  OAuthConfig config_;

 private:
  std::unique_ptr<MemoryStore> store_;
  std::unique_ptr<OAuthContext> ctx_;
};

}  // namespace loginkit::services
