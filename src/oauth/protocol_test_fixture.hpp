#pragma once
// A protocol context on a throwaway SQLite file, for the oauth unit tests.
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>

#include "core/clock.hpp"
#include "oauth/app_registry.hpp"
#include "oauth/context.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace loginkit {

class ProtocolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::temp_directory_path() /
           ("lk-proto-" + std::string(info->test_suite_name()) + "-" + info->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    store_ = std::make_unique<SqliteStore>((dir_ / "t.db").string());
    store_->migrate();
    ctx_ = std::make_unique<OAuthContext>(
        OAuthContext{*store_, clock_, config_, nullptr, "protocol-test-server-key-0123456789"});
  }
  Id add_user(const std::string& name) {
    User u;
    u.username = name;
    u.password_hash = "h";
    u.display_name = name;
    return store_->create_user(u);
  }

  // An app approved for user.info.profile with Login Kit on the web at https://a.example/cb,
  // plus `more` redirect URIs and legacy domains.
  RegistryOutcome add_app(std::vector<RedirectUri> more = {},
                          std::vector<std::string> legacy_domains = {}) {
    Id dev = store_->create_developer(Developer{0, "d@x", "d", "h", 0});
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
    std::filesystem::remove_all(dir_);
  }

  std::filesystem::path dir_;
  AdjustableClock clock_;
  OAuthConfig config_;
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<OAuthContext> ctx_;
};

}  // namespace loginkit
