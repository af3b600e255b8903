// Storage contract, self-validating access tokens: the grant context read in one query (grant,
// user, the app's developer, the deny-list check) and the deny-list of tokens revoked alone, seen
// at once by another node and kept across a restart until housekeeping purges expired entries.
#include <gtest/gtest.h>

#include "store/store_contract_fixture.hpp"
#include "store/test_names.hpp"

namespace loginkit::contract {
namespace {

class StoreContractDenyList : public StoreContractWithApp {
 protected:
  StoreContractDenyList() : StoreContractWithApp("awdeny") {}
};

TEST_P(StoreContractDenyList, GrantContextJoinsGrantUserDeveloperAndDenyList) {
  Grant g = make_grant(app_, user_);
  g.scopes = parse_scopes("user.info.basic,user.info.profile");
  g.api_version = 1;
  g.platform = Platform::kIos;
  Id id = store_->grants().create_grant_with_code(g, make_code("code-ctx"));

  auto ctx = store_->grants().find_grant_context(id, "00ff");
  ASSERT_TRUE(ctx.has_value());
  EXPECT_EQ(ctx->grant.id, id);
  EXPECT_EQ(ctx->grant.app_id, app_);
  EXPECT_EQ(ctx->grant.user_id, user_);
  EXPECT_EQ(ctx->grant.scopes, g.scopes);
  EXPECT_EQ(ctx->grant.api_version, 1);
  EXPECT_EQ(ctx->grant.platform, Platform::kIos);
  EXPECT_FALSE(ctx->grant.revoked);
  EXPECT_EQ(ctx->developer_id, dev_);
  EXPECT_EQ(ctx->user.id, user_);
  EXPECT_EQ(ctx->user.username, "alice");
  EXPECT_FALSE(ctx->token_denied);
  EXPECT_EQ(ctx->grant.created_at, kNow);
  EXPECT_EQ(ctx->grant.refresh_deadline, store_->grants().find_grant(id)->refresh_deadline);

  store_->revoked_tokens().deny_token("00ff", kNow + 7200);
  EXPECT_TRUE(store_->grants().find_grant_context(id, "00ff")->token_denied);
  EXPECT_FALSE(store_->grants().find_grant_context(id, "0100")->token_denied);

  store_->grants().revoke_grant(id, kNow + 1);
  EXPECT_TRUE(store_->grants().find_grant_context(id, "0100")->grant.revoked);
  EXPECT_FALSE(store_->grants().find_grant_context(id + 1000, "0100").has_value());
}

TEST_P(StoreContractDenyList, DeniedAtOnceOnEveryNodeAndAfterRestartUntilPurged) {
  auto& deny = store_->revoked_tokens();
  EXPECT_FALSE(deny.is_denied("aa01"));
  deny.deny_token("aa01", kNow + 100);
  deny.deny_token("aa02", kNow + 200);
  deny.deny_token("aa02", kNow + 50);  // revoking twice keeps the later expiry
  EXPECT_TRUE(deny.is_denied("aa01"));

  auto other = open_store();
  EXPECT_TRUE(other->revoked_tokens().is_denied("aa01")) << "another node sees it at once";
  EXPECT_TRUE(other->revoked_tokens().is_denied("aa02"));
  EXPECT_FALSE(other->revoked_tokens().is_denied("aa03"));

  EXPECT_EQ(deny.purge_denied(kNow + 100, 10), 0) << "kept until its token expires";
  EXPECT_EQ(deny.purge_denied(kNow + 101, 10), 1);
  EXPECT_FALSE(other->revoked_tokens().is_denied("aa01"));
  EXPECT_TRUE(other->revoked_tokens().is_denied("aa02"));
  EXPECT_EQ(other->revoked_tokens().purge_denied(kNow + 1000, 10), 1);
  EXPECT_FALSE(deny.is_denied("aa02"));
}

TEST_P(StoreContractDenyList, PurgeIsBounded) {
  for (int i = 0; i < 5; ++i) store_->revoked_tokens().deny_token(numbered("b", i), kNow);
  EXPECT_EQ(store_->revoked_tokens().purge_denied(kNow + 1, 2), 2);
  EXPECT_EQ(store_->revoked_tokens().purge_denied(kNow + 1, 10), 3);
}

INSTANTIATE_TEST_SUITE_P(Engines, StoreContractDenyList,
                         ::testing::Values(kSqlite, kPostgres, kMemory, kCached), engine_name);

}  // namespace
}  // namespace loginkit::contract
