#pragma once
// A protocol context on a fresh in-memory store, for the oauth unit tests (the storage contract
// suite proves the engines answer alike).
#include <gtest/gtest.h>

#include <memory>

#include "core/clock.hpp"
#include "oauth/app_registry.hpp"
#include "oauth/context.hpp"
#include "store/memory/memory_store.hpp"

namespace loginkit {

class ProtocolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::make_unique<MemoryStore>();
    store_->migrate();
    ctx_ = std::make_unique<OAuthContext>(
        OAuthContext{*store_, clock_, config_, nullptr, "protocol-test-server-key-0123456789"});
  }
  Id add_user(const std::string& name) {
    User u;
    u.username = name;
    u.password_hash = "h";
    u.display_name = name;
    return store_->users().create_user(u);
  }

  // An app approved for user.info.profile with Login Kit on the web at https://a.example/cb,
  // plus `more` redirect URIs and legacy domains.
  RegistryOutcome add_app(std::vector<RedirectUri> more = {},
                          std::vector<std::string> legacy_domains = {}) {
    Id dev = store_->developers().create_developer(Developer{0, "d@x", "d", "h", 0});
    std::vector<RedirectUri> uris{{Platform::kWeb, "https://a.example/cb"}};
    uris.insert(uris.end(), more.begin(), more.end());
    auto out = create_app(*ctx_, "test",
                          NewApp{"App", dev, parse_scopes("user.info.profile"), true, true, false,
                                 uris, std::move(legacy_domains)});
    EXPECT_TRUE(out.ok()) << (out.messages.empty() ? out.error : out.messages[0]);
    return out;
  }

  void TearDown() override {
    ctx_.reset();
    store_.reset();
  }

  AdjustableClock clock_;
  OAuthConfig config_;
  std::unique_ptr<MemoryStore> store_;
  std::unique_ptr<OAuthContext> ctx_;
};

}  // namespace loginkit
