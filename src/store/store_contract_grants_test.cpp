// Storage contract, part 2: grants, codes and tokens — single-use redemption, rotation,
// revocation folded through the grant, and disconnect (store.hpp; SPEC §2.2).
#include <gtest/gtest.h>

#include "store/store_contract_fixture.hpp"

namespace loginkit::contract {
namespace {

class StoreContractGrants : public StoreContractWithApp {
 protected:
  StoreContractGrants() : StoreContractWithApp("awgrants") {}
};

TEST_P(StoreContractGrants, CreateGrantWithCodeAndFindBoth) {
  Grant g = make_grant(app_, user_);
  g.scopes = parse_scopes("user.info.basic,user.info.profile");
  g.api_version = 1;
  g.platform = Platform::kAndroid;
  AuthCode code{"code-1", 0, "com.example.app://cb", "", kNow + 600, false};
  Id id = store_->grants().create_grant_with_code(g, code);
  EXPECT_GT(id, 0);

  auto grant = store_->grants().find_grant(id);
  ASSERT_TRUE(grant.has_value());
  EXPECT_EQ(grant->id, id);
  EXPECT_EQ(grant->app_id, app_);
  EXPECT_EQ(grant->user_id, user_);
  EXPECT_EQ(grant->scopes, parse_scopes("user.info.basic,user.info.profile"));
  EXPECT_EQ(grant->api_version, 1);
  EXPECT_EQ(grant->platform, Platform::kAndroid);
  EXPECT_EQ(grant->created_at, kNow);
  EXPECT_EQ(grant->refresh_deadline, 0) << "deadline is set on first redemption only";
  EXPECT_FALSE(grant->revoked);

  auto found = store_->codes().find_code("code-1");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->hash, "code-1");
  EXPECT_EQ(found->grant_id, id);
  EXPECT_EQ(found->redirect_uri, "com.example.app://cb");
  EXPECT_EQ(found->code_challenge, "") << "no PKCE round-trips as empty";
  EXPECT_EQ(found->expires_at, kNow + 600);
  EXPECT_FALSE(found->consumed);

  Id second = seed_grant(app_, user_, "code-2");
  EXPECT_NE(second, id);
  EXPECT_EQ(store_->codes().find_code("code-2")->code_challenge, "challenge-code-2");
  EXPECT_EQ(store_->codes().find_code("code-2")->grant_id, second);

  EXPECT_FALSE(store_->codes().find_code("code-missing").has_value());
  EXPECT_FALSE(store_->grants().find_grant(second + 1000).has_value());
}

TEST_P(StoreContractGrants, RedeemCodeExactlyOnceStoresTokensOnlyTheFirstTime) {
  Id grant = seed_grant(app_, user_, "code-1");
  IssuedTokens first = make_pair("first", app_, grant, kNow + 365 * kDay);
  EXPECT_EQ(store_->codes().redeem_code("code-1", kNow + 5, first), RedeemOutcome::kRedeemed);

  auto code = store_->codes().find_code("code-1");
  ASSERT_TRUE(code.has_value());
  EXPECT_TRUE(code->consumed);
  EXPECT_EQ(store_->grants().find_grant(grant)->refresh_deadline, kNow + 365 * kDay);
  for (const auto& want : first.tokens) {
    auto got = store_->tokens().find_token(want.hash);
    ASSERT_TRUE(got.has_value()) << want.hash;
    expect_same_token(want, *got);
    EXPECT_FALSE(got->rotated);
    EXPECT_FALSE(got->revoked);
  }

  IssuedTokens replay = make_pair("replay", app_, grant, kNow + 999 * kDay);
  EXPECT_EQ(store_->codes().redeem_code("code-1", kNow + 6, replay),
            RedeemOutcome::kAlreadyConsumed);
  EXPECT_FALSE(token_exists("replay-access")) << "tokens stored by a losing redemption";
  EXPECT_FALSE(token_exists("replay-refresh")) << "tokens stored by a losing redemption";
  EXPECT_EQ(store_->grants().find_grant(grant)->refresh_deadline, kNow + 365 * kDay)
      << "a losing redemption moved the refresh deadline";

  EXPECT_EQ(store_->codes().redeem_code("code-missing", kNow, make_pair("ghost", app_, grant)),
            RedeemOutcome::kAlreadyConsumed);
  EXPECT_FALSE(token_exists("ghost-access"));
}

TEST_P(StoreContractGrants, InsertTokenAndFindIt) {
  Token client = make_token("client-1", TokenKind::kClient, app_, std::nullopt);
  client.scopes = parse_scopes("user.info.basic");
  client.api_version = 1;
  store_->tokens().insert_token(client);
  auto got = store_->tokens().find_token("client-1");
  ASSERT_TRUE(got.has_value());
  expect_same_token(client, *got);
  EXPECT_FALSE(got->grant_id.has_value());
  EXPECT_FALSE(got->rotated);
  EXPECT_FALSE(got->revoked);
  EXPECT_FALSE(store_->tokens().find_token("token-missing").has_value());
}

TEST_P(StoreContractGrants, RevokeTokenRevokesOnlyThatToken) {
  Id grant = seed_grant(app_, user_, "code-1");
  ASSERT_EQ(store_->codes().redeem_code("code-1", kNow, make_pair("t", app_, grant)),
            RedeemOutcome::kRedeemed);
  store_->tokens().revoke_token("t-access", kNow + 1);
  EXPECT_TRUE(token_revoked("t-access"));
  EXPECT_FALSE(token_revoked("t-refresh"));
  EXPECT_FALSE(store_->grants().find_grant(grant)->revoked);
  store_->tokens().revoke_token("t-access", kNow + 2);  // twice is harmless
  store_->tokens().revoke_token("token-missing", kNow);
  EXPECT_TRUE(token_revoked("t-access"));
}

TEST_P(StoreContractGrants, RotateRefreshOnceThenNotActive) {
  Id grant = seed_grant(app_, user_, "code-1");
  ASSERT_EQ(store_->codes().redeem_code("code-1", kNow, make_pair("r0", app_, grant)),
            RedeemOutcome::kRedeemed);

  EXPECT_EQ(store_->tokens().rotate_refresh("r0-refresh", kNow + 10, make_pair("r1", app_, grant)),
            RotateOutcome::kRotated);
  auto old = store_->tokens().find_token("r0-refresh");
  ASSERT_TRUE(old.has_value());
  EXPECT_TRUE(old->rotated);
  EXPECT_FALSE(old->revoked);
  auto fresh = store_->tokens().find_token("r1-refresh");
  ASSERT_TRUE(fresh.has_value());
  EXPECT_FALSE(fresh->rotated);
  EXPECT_EQ(fresh->grant_id, grant);
  EXPECT_TRUE(token_exists("r1-access"));

  EXPECT_EQ(store_->tokens().rotate_refresh("r0-refresh", kNow + 11, make_pair("r2", app_, grant)),
            RotateOutcome::kNotActive);
  EXPECT_FALSE(token_exists("r2-access")) << "tokens stored by a losing rotation";
  EXPECT_FALSE(token_exists("r2-refresh")) << "tokens stored by a losing rotation";

  EXPECT_EQ(store_->tokens().rotate_refresh("refresh-missing", kNow, make_pair("r3", app_, grant)),
            RotateOutcome::kNotActive);
  EXPECT_FALSE(token_exists("r3-refresh"));

  store_->tokens().revoke_token("r1-refresh", kNow + 12);
  EXPECT_EQ(store_->tokens().rotate_refresh("r1-refresh", kNow + 13, make_pair("r4", app_, grant)),
            RotateOutcome::kNotActive)
      << "a revoked refresh token rotated";
  EXPECT_FALSE(token_exists("r4-refresh"));
}

TEST_P(StoreContractGrants, RevokeGrantRevokesEveryTokenOfTheGrantOnly) {
  Id grant = seed_grant(app_, user_, "code-1");
  Id other = seed_grant(app_, user_, "code-2");
  ASSERT_EQ(store_->codes().redeem_code("code-1", kNow, make_pair("g1", app_, grant)),
            RedeemOutcome::kRedeemed);
  ASSERT_EQ(store_->codes().redeem_code("code-2", kNow, make_pair("g2", app_, other)),
            RedeemOutcome::kRedeemed);
  ASSERT_EQ(store_->tokens().rotate_refresh("g1-refresh", kNow + 1, make_pair("g1r", app_, grant)),
            RotateOutcome::kRotated);

  store_->grants().revoke_grant(grant, kNow + 2);
  EXPECT_TRUE(store_->grants().find_grant(grant)->revoked);
  for (const char* hash : {"g1-access", "g1-refresh", "g1r-access", "g1r-refresh"}) {
    EXPECT_TRUE(token_revoked(hash)) << hash << " survived revoke_grant";
  }
  EXPECT_FALSE(store_->grants().find_grant(other)->revoked);
  EXPECT_FALSE(token_revoked("g2-access"));
  EXPECT_FALSE(token_revoked("g2-refresh"));

  EXPECT_EQ(store_->tokens().rotate_refresh("g1r-refresh", kNow + 3, make_pair("g1x", app_, grant)),
            RotateOutcome::kNotActive)
      << "a refresh token of a revoked grant rotated";
  EXPECT_FALSE(token_exists("g1x-refresh"));
  store_->grants().revoke_grant(grant, kNow + 4);  // twice is harmless
}

TEST_P(StoreContractGrants, FindTokenFoldsGrantRevocationIntoRevoked) {
  Id grant = seed_grant(app_, user_, "code-1");
  store_->grants().revoke_grant(grant, kNow);
  // A token written after its grant was revoked is still reported revoked: find_token reads the
  // grant, not only the token's own row.
  store_->tokens().insert_token(make_token("late-access", TokenKind::kAccess, app_, grant));
  auto got = store_->tokens().find_token("late-access");
  ASSERT_TRUE(got.has_value());
  EXPECT_TRUE(got->revoked) << "find_token did not fold the grant's revocation in";
}

TEST_P(StoreContractGrants, DisconnectRevokesGrantsOfUserAndAppAndForgetsConsent) {
  Id bob = seed_user("bob");
  Id other_app = seed_app(dev_, "awother");
  Id g1 = seed_grant(app_, user_, "c1");
  Id g2 = seed_grant(app_, user_, "c2");
  Id g_other_app = seed_grant(other_app, user_, "c3");
  Id g_bob = seed_grant(app_, bob, "c4");
  ASSERT_EQ(store_->codes().redeem_code("c1", kNow, make_pair("g1", app_, g1)),
            RedeemOutcome::kRedeemed);
  ASSERT_EQ(store_->codes().redeem_code("c2", kNow, make_pair("g2", app_, g2)),
            RedeemOutcome::kRedeemed);
  ASSERT_EQ(store_->codes().redeem_code("c3", kNow, make_pair("g3", other_app, g_other_app)),
            RedeemOutcome::kRedeemed);
  ASSERT_EQ(store_->codes().redeem_code("c4", kNow, make_pair("g4", app_, g_bob)),
            RedeemOutcome::kRedeemed);
  store_->grants().save_consent(Consent{user_, app_, parse_scopes("user.info.basic"), kNow});
  store_->grants().save_consent(Consent{user_, other_app, parse_scopes("user.info.basic"), kNow});
  store_->grants().save_consent(Consent{bob, app_, parse_scopes("user.info.basic"), kNow});

  store_->grants().disconnect(user_, app_, kNow + 1);

  EXPECT_TRUE(store_->grants().find_grant(g1)->revoked);
  EXPECT_TRUE(store_->grants().find_grant(g2)->revoked);
  for (const char* hash : {"g1-access", "g1-refresh", "g2-access", "g2-refresh"}) {
    EXPECT_TRUE(token_revoked(hash)) << hash << " survived disconnect";
  }
  EXPECT_FALSE(store_->grants().find_consent(user_, app_).has_value())
      << "consent survived disconnect";
  ASSERT_EQ(store_->grants().list_consents(user_).size(), 1u);

  EXPECT_FALSE(store_->grants().find_grant(g_other_app)->revoked)
      << "another app's grant was revoked";
  EXPECT_FALSE(store_->grants().find_grant(g_bob)->revoked) << "another user's grant was revoked";
  EXPECT_FALSE(token_revoked("g3-access"));
  EXPECT_FALSE(token_revoked("g4-refresh"));
  EXPECT_TRUE(store_->grants().find_consent(user_, other_app).has_value());
  EXPECT_TRUE(store_->grants().find_consent(bob, app_).has_value());

  store_->grants().disconnect(user_, app_, kNow + 2);  // twice, and with nothing to do, is harmless
}

// What one node writes, another node sees at once — no cache may outlive a revocation.
TEST_P(StoreContractGrants, SecondInstanceSeesRedemptionRotationAndRevocationAtOnce) {
  auto node_b = open_store();
  Id grant = seed_grant(app_, user_, "code-1");
  ASSERT_EQ(store_->codes().redeem_code("code-1", kNow, make_pair("a", app_, grant)),
            RedeemOutcome::kRedeemed);
  EXPECT_TRUE(node_b->codes().find_code("code-1")->consumed);
  EXPECT_EQ(node_b->codes().redeem_code("code-1", kNow, make_pair("b", app_, grant)),
            RedeemOutcome::kAlreadyConsumed);

  ASSERT_FALSE(
      node_b->tokens().find_token("a-refresh")->revoked);  // warm any cache node B might keep
  ASSERT_EQ(store_->tokens().rotate_refresh("a-refresh", kNow + 1, make_pair("a2", app_, grant)),
            RotateOutcome::kRotated);
  EXPECT_TRUE(node_b->tokens().find_token("a-refresh")->rotated);
  EXPECT_EQ(node_b->tokens().rotate_refresh("a-refresh", kNow + 2, make_pair("b2", app_, grant)),
            RotateOutcome::kNotActive);

  ASSERT_FALSE(node_b->tokens().find_token("a2-access")->revoked);
  store_->grants().revoke_grant(grant, kNow + 3);
  EXPECT_TRUE(node_b->tokens().find_token("a2-access")->revoked);
  EXPECT_TRUE(node_b->grants().find_grant(grant)->revoked);
}

TEST_P(StoreContractGrants, PurgeExpiredRemovesOnlyExpiredRowsInBatches) {
  Token old_token = make_token("old-client", TokenKind::kClient, app_, std::nullopt);
  old_token.expires_at = kNow - 10;
  Token live_token = make_token("live-client", TokenKind::kClient, app_, std::nullopt);
  live_token.expires_at = kNow + 3600;
  store_->tokens().insert_token(old_token);
  store_->tokens().insert_token(live_token);
  Grant g = make_grant(app_, user_);
  store_->grants().create_grant_with_code(
      g, AuthCode{"old-code", 0, "https://a/cb", "", kNow - 5, false});
  store_->grants().create_grant_with_code(
      g, AuthCode{"live-code", 0, "https://a/cb", "", kNow + 600, false});
  store_->sessions().create_session(
      Session{"old-session", user_, "csrf", kNow - 1, SessionKind::kUser});

  EXPECT_EQ(store_->housekeeping().purge_expired(kNow, 1000), 3);
  EXPECT_FALSE(store_->tokens().find_token("old-client").has_value());
  EXPECT_TRUE(store_->tokens().find_token("live-client").has_value());
  EXPECT_FALSE(store_->codes().find_code("old-code").has_value());
  EXPECT_TRUE(store_->codes().find_code("live-code").has_value());
  EXPECT_EQ(store_->housekeeping().purge_expired(kNow, 1000), 0) << "nothing left to purge";
}

INSTANTIATE_TEST_SUITE_P(Engines, StoreContractGrants,
                         ::testing::Values(kSqlite, kPostgres, kMemory, kCached), engine_name);

}  // namespace
}  // namespace loginkit::contract
