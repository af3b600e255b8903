// Codes and tokens keyed by the id their handle carries (store/handles.hpp), on every engine: the
// id finds the row and only the right secret opens it; ids are unique; handles of the older shape
// keep working after the migration; everything survives a restart.
#include "core/crypto.hpp"
#include "store/handles.hpp"
#include "store/store_contract_fixture.hpp"

namespace loginkit::contract {
namespace {

struct Minted {
  std::string handle;
  Id id = 0;
  HandleKey key;
};

Minted mint(std::string_view prefix) {
  Id id = next_handle_id();
  std::string handle = mint_handle(prefix, id);
  return {handle, id, handle_key(handle)};
}

HandleKey wrong_secret(const Minted& m) {
  return HandleKey{m.id, crypto::sha256(m.handle + "x")};
}

class StoreContractHandles : public StoreContract {
 protected:
  void SetUp() override {
    StoreContract::SetUp();
    if (IsSkipped()) return;
    app_ = seed_app(seed_developer(), "handles");
    user_ = seed_user("alice");
  }

  // A grant whose code has the current shape.
  Id grant_with(const Minted& code) {
    AuthCode c = make_code("unused");
    c.hash = code.key.hash;
    c.id = code.id;
    return store_->grants().create_grant_with_code(make_grant(app_, user_), c);
  }

  Token token_of(const Minted& m, TokenKind kind, std::optional<Id> grant) const {
    Token t = make_token(m.key.hash, kind, app_, grant);
    t.id = m.id;
    return t;
  }

  // An access + refresh pair of the current shape.
  IssuedTokens pair_of(const Minted& access, const Minted& refresh, Id grant) const {
    return IssuedTokens{{token_of(access, TokenKind::kAccess, grant),
                         token_of(refresh, TokenKind::kRefresh, grant)},
                        kNow + 365 * kDay};
  }

  Id app_ = 0;
  Id user_ = 0;
};

TEST_P(StoreContractHandles, TheIdFindsTheRowAndOnlyTheRightSecretOpensIt) {
  Minted code = mint("");
  Id grant = grant_with(code);
  auto found = store_->codes().find_code(code.key);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->grant_id, grant);
  EXPECT_EQ(found->id, code.id);
  EXPECT_FALSE(store_->codes().find_code(wrong_secret(code)));
  // The whole-handle hash as a legacy key does not reach a row of the current shape.
  EXPECT_FALSE(store_->codes().find_code(HandleKey{crypto::sha256_hex(code.handle)}));
  Minted access = mint("act."), refresh = mint("rft.");
  EXPECT_EQ(store_->codes().redeem_code(wrong_secret(code), kNow, pair_of(access, refresh, grant)),
            RedeemOutcome::kAlreadyConsumed);
  EXPECT_FALSE(store_->codes().find_code(code.key)->consumed);
  ASSERT_EQ(store_->codes().redeem_code(code.key, kNow, pair_of(access, refresh, grant)),
            RedeemOutcome::kRedeemed);

  auto token = store_->tokens().find_token(refresh.key);
  ASSERT_TRUE(token);
  EXPECT_EQ(token->kind, TokenKind::kRefresh);
  EXPECT_EQ(token->id, refresh.id);
  EXPECT_EQ(token->grant_id, grant);
  EXPECT_FALSE(store_->tokens().find_token(wrong_secret(refresh)));
  EXPECT_FALSE(store_->tokens().find_token(HandleKey{crypto::sha256_hex(refresh.handle)}));
  EXPECT_FALSE(store_->tokens().find_access_context(wrong_secret(access)));
  auto context = store_->tokens().find_access_context(access.key);
  ASSERT_TRUE(context);
  EXPECT_EQ(context->user_id, user_);

  Minted access2 = mint("act."), refresh2 = mint("rft.");
  EXPECT_EQ(store_->tokens().rotate_refresh(wrong_secret(refresh), kNow,
                                            pair_of(access2, refresh2, grant)),
            RotateOutcome::kNotActive);
  store_->tokens().revoke_token(wrong_secret(access), kNow);
  EXPECT_FALSE(store_->tokens().find_token(access.key)->revoked);
  EXPECT_FALSE(store_->tokens().find_token(refresh.key)->rotated);
  store_->tokens().revoke_token(access.key, kNow);
  EXPECT_TRUE(store_->tokens().find_token(access.key)->revoked);
}

TEST_P(StoreContractHandles, ATakenIdIsDuplicateKeyAndChangesNothing) {
  Minted code = mint("");
  Id grant = grant_with(code);
  AuthCode again = make_code("unused");
  again.id = code.id;
  again.hash = crypto::sha256("another code");
  EXPECT_THROW(store_->grants().create_grant_with_code(make_grant(app_, user_), again),
               DuplicateKey);

  Minted access = mint("act."), refresh = mint("rft.");
  store_->tokens().insert_token(token_of(access, TokenKind::kAccess, grant));
  Minted clash{"other", access.id, HandleKey{access.id, crypto::sha256("other")}};
  EXPECT_THROW(store_->tokens().insert_token(token_of(clash, TokenKind::kAccess, grant)),
               DuplicateKey);
  // A redemption whose new token id is taken stores nothing and leaves the code unconsumed.
  EXPECT_THROW(store_->codes().redeem_code(code.key, kNow, pair_of(refresh, clash, grant)),
               DuplicateKey);
  EXPECT_FALSE(store_->codes().find_code(code.key)->consumed);
  EXPECT_FALSE(store_->tokens().find_token(refresh.key));
  ASSERT_EQ(store_->codes().redeem_code(code.key, kNow, pair_of(mint("act."), refresh, grant)),
            RedeemOutcome::kRedeemed);
  // A rotation whose new token id is taken leaves the old token active.
  EXPECT_THROW(
      store_->tokens().rotate_refresh(refresh.key, kNow, pair_of(mint("act."), clash, grant)),
      DuplicateKey);
  EXPECT_FALSE(store_->tokens().find_token(refresh.key)->rotated);
  EXPECT_EQ(store_->tokens().rotate_refresh(refresh.key, kNow,
                                            pair_of(mint("act."), mint("rft."), grant)),
            RotateOutcome::kRotated);
}

TEST_P(StoreContractHandles, RowsSurviveARestartAndNewIdsKeepIncreasing) {
  Minted code = mint(""), spare = mint("");
  Id grant = grant_with(code);
  Id spare_grant = grant_with(spare);
  Minted access = mint("act."), refresh = mint("rft.");
  ASSERT_EQ(store_->codes().redeem_code(code.key, kNow, pair_of(access, refresh, grant)),
            RedeemOutcome::kRedeemed);
  Id last = refresh.id;

  store_.reset();
  store_ = open_store();
  store_->migrate();

  EXPECT_TRUE(store_->codes().find_code(code.key)->consumed);
  EXPECT_FALSE(store_->codes().find_code(spare.key)->consumed);
  EXPECT_TRUE(store_->tokens().find_access_context(access.key));
  Minted access2 = mint("act."), refresh2 = mint("rft.");
  EXPECT_GT(access2.id, last);
  EXPECT_GT(refresh2.id, access2.id);
  // Still single use after the restart.
  EXPECT_EQ(store_->codes().redeem_code(code.key, kNow, pair_of(access2, refresh2, grant)),
            RedeemOutcome::kAlreadyConsumed);
  EXPECT_EQ(store_->codes().redeem_code(spare.key, kNow, pair_of(access2, refresh2, spare_grant)),
            RedeemOutcome::kRedeemed);
  EXPECT_EQ(store_->codes().redeem_code(spare.key, kNow,
                                        pair_of(mint("act."), mint("rft."), spare_grant)),
            RedeemOutcome::kAlreadyConsumed);
  EXPECT_EQ(store_->tokens().rotate_refresh(refresh.key, kNow,
                                            pair_of(mint("act."), mint("rft."), grant)),
            RotateOutcome::kRotated);
  EXPECT_EQ(store_->tokens().rotate_refresh(refresh.key, kNow,
                                            pair_of(mint("act."), mint("rft."), grant)),
            RotateOutcome::kNotActive);
}

TEST_P(StoreContractHandles, BothShapesLiveSideBySideAndArePurgedAlike) {
  Minted code = mint("");
  Id grant = grant_with(code);
  Token legacy = make_token(crypto::sha256_hex("act.legacy"), TokenKind::kAccess, app_, grant);
  legacy.expires_at = kNow - 1;
  store_->tokens().insert_token(legacy);
  Minted current = mint("act.");
  Token fresh = token_of(current, TokenKind::kAccess, grant);
  fresh.expires_at = kNow - 1;
  store_->tokens().insert_token(fresh);
  auto found = store_->tokens().find_token(HandleKey{crypto::sha256_hex("act.legacy")});
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, 0);
  EXPECT_TRUE(store_->tokens().find_token(current.key));
  // The legacy hash stays unique, as the older primary key was.
  EXPECT_THROW(store_->tokens().insert_token(legacy), DuplicateKey);
  EXPECT_GE(store_->housekeeping().purge_expired(kNow, 100), 2);
  EXPECT_FALSE(store_->tokens().find_token(HandleKey{crypto::sha256_hex("act.legacy")}));
  EXPECT_FALSE(store_->tokens().find_token(current.key));
  // The legacy hash is free again once its row is gone.
  store_->tokens().insert_token(
      make_token(crypto::sha256_hex("act.legacy"), TokenKind::kAccess, app_, grant));
}

TEST_P(StoreContractHandles, HandlesFromBeforeTheMigrationStillWork) {
  if (GetParam() == kMemory) GTEST_SKIP() << "the memory engine has no schema history";
  restart_at_version(6);
  const std::string code_hash = crypto::sha256_hex("oldcode");
  const std::string spent_hash = crypto::sha256_hex("spentcode");
  const std::string access_hash = crypto::sha256_hex("act.old");
  const std::string refresh_hash = crypto::sha256_hex("rft.old");
  const std::string client_hash = crypto::sha256_hex("clt.old");
  const std::string far = std::to_string(kNow + 365 * kDay);
  raw_sql(
      "INSERT INTO developers(email, name, password_hash, created_at) VALUES "
      "('old@example.com', 'Old', 'h', 1);"
      "INSERT INTO users(username, password_hash, display_name, created_at) VALUES "
      "('olduser', 'h', 'Old User', 1);"
      "INSERT INTO apps(client_key, secret_hash, developer_id, name, scopes, login_kit, "
      "web_enabled, require_pkce_web, created_at) VALUES "
      "('oldapp', 's', 1, 'Old', 'user.info.basic', TRUE, TRUE, FALSE, 1);"
      "INSERT INTO grants(app_id, user_id, scopes, api_version, platform, created_at, "
      "refresh_deadline) VALUES (1, 1, 'user.info.basic', 2, 'web', 1, " +
      far +
      ");"
      "INSERT INTO grants(app_id, user_id, scopes, api_version, platform, created_at) VALUES "
      "(1, 1, 'user.info.basic', 2, 'web', 1);"
      "INSERT INTO codes(hash, grant_id, redirect_uri, code_challenge, expires_at) VALUES "
      "('" +
      spent_hash + "', 1, 'https://old.example/cb', '', " + far +
      ");"
      "UPDATE codes SET consumed_at = 5;"
      "INSERT INTO codes(hash, grant_id, redirect_uri, code_challenge, expires_at) VALUES "
      "('" +
      code_hash + "', 2, 'https://old.example/cb', 'ch', " + far +
      ");"
      "INSERT INTO tokens(hash, kind, app_id, grant_id, scopes, api_version, expires_at, "
      "created_at) VALUES ('" +
      access_hash + "', 0, 1, 1, 'user.info.basic', 2, " + far + ", 5), ('" + refresh_hash +
      "', 1, 1, 1, 'user.info.basic', 2, " + far + ", 5), ('" + client_hash +
      "', 2, 1, NULL, 'user.info.basic', 2, " + far + ", 5);");
  store_ = open_store();
  store_->migrate();
  EXPECT_EQ(store_->schema_version(), store_->latest_schema_version());

  auto code = store_->codes().find_code(HandleKey{code_hash});
  ASSERT_TRUE(code);
  EXPECT_EQ(code->grant_id, 2);
  EXPECT_EQ(code->code_challenge, "ch");
  EXPECT_FALSE(code->consumed);
  EXPECT_TRUE(store_->codes().find_code(HandleKey{spent_hash})->consumed);
  auto context = store_->tokens().find_access_context(HandleKey{access_hash});
  ASSERT_TRUE(context);
  EXPECT_EQ(context->user.username, "olduser");
  auto client = store_->tokens().find_token(HandleKey{client_hash});
  ASSERT_TRUE(client);
  EXPECT_FALSE(client->grant_id);

  // An old refresh token rotates into the current shape, once; an old code redeems once.
  Minted access = mint("act."), refresh = mint("rft.");
  IssuedTokens next{{make_token(access.key.hash, TokenKind::kAccess, 1, 1),
                     make_token(refresh.key.hash, TokenKind::kRefresh, 1, 1)},
                    kNow};
  next.tokens[0].id = access.id;
  next.tokens[1].id = refresh.id;
  EXPECT_EQ(store_->tokens().rotate_refresh(HandleKey{refresh_hash}, kNow, next),
            RotateOutcome::kRotated);
  EXPECT_TRUE(store_->tokens().find_token(HandleKey{refresh_hash})->rotated);
  EXPECT_EQ(store_->tokens().find_token(refresh.key)->grant_id, 1);
  EXPECT_EQ(store_->codes().redeem_code(HandleKey{code_hash}, kNow, IssuedTokens{{}, kNow}),
            RedeemOutcome::kRedeemed);
  EXPECT_EQ(store_->codes().redeem_code(HandleKey{code_hash}, kNow, IssuedTokens{{}, kNow}),
            RedeemOutcome::kAlreadyConsumed);
  // Revoking the old grant reaches old and new tokens alike.
  store_->grants().revoke_grant(1, kNow);
  EXPECT_TRUE(store_->tokens().find_token(HandleKey{access_hash})->revoked);
  EXPECT_TRUE(store_->tokens().find_token(refresh.key)->revoked);
}

INSTANTIATE_TEST_SUITE_P(Engines, StoreContractHandles,
                         ::testing::Values(kSqlite, kPostgres, kMemory, kCached), engine_name);

}  // namespace
}  // namespace loginkit::contract
