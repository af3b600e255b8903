// Storage contract, unique keys: an insert that hits one throws DuplicateKey (the api layer turns
// it into "taken") and changes nothing, on every engine.
#include <gtest/gtest.h>

#include "store/store_contract_fixture.hpp"

namespace loginkit::contract {
namespace {

using StoreContractUnique = StoreContract;

TEST_P(StoreContractUnique, DeveloperEmailAndUsernameAreUnique) {
  Id dev = seed_developer("taken@example.com");
  EXPECT_THROW(seed_developer("taken@example.com"), DuplicateKey);
  EXPECT_EQ(store_->developers().find_developer_by_email("taken@example.com")->id, dev);

  Id user = seed_user("alice");
  EXPECT_THROW(seed_user("alice"), DuplicateKey);
  EXPECT_EQ(store_->users().find_user_by_name("alice")->id, user);
  EXPECT_GT(seed_user("bob"), user) << "a failed insert left the store unusable";
}

TEST_P(StoreContractUnique, ClientKeyIsUniqueAndARefusedAppLeavesNothing) {
  Id dev = seed_developer();
  Id first = seed_app(dev, "awtaken");
  App again = make_app(dev, "awtaken");
  again.name = "Second";
  EXPECT_THROW(store_->apps().create_app(again), DuplicateKey);
  EXPECT_EQ(store_->apps().find_app_by_key("awtaken")->name, "App awtaken");
  EXPECT_EQ(store_->apps().list_apps().size(), 1u);

  App repeated = make_app(dev, "awrepeat");
  repeated.redirect_uris.push_back(repeated.redirect_uris.front());
  EXPECT_THROW(store_->apps().create_app(repeated), DuplicateKey);
  EXPECT_FALSE(store_->apps().find_app_by_key("awrepeat").has_value())
      << "an app whose redirect URIs failed was stored anyway";

  App changed = *store_->apps().find_app(first);
  changed.legacy_domains = {"same.example", "same.example"};
  changed.name = "Renamed";
  EXPECT_THROW(static_cast<void>(store_->apps().update_app(changed)), DuplicateKey);
  auto kept = store_->apps().find_app(first);
  EXPECT_EQ(kept->name, "App awtaken") << "a failed update changed the app";
  EXPECT_EQ(kept->version, changed.version);
  EXPECT_TRUE(kept->legacy_domains.empty());
}

TEST_P(StoreContractUnique, CodeTokenAndSessionHashesAreUnique) {
  Id app = seed_app(seed_developer(), "awhashes");
  Id user = seed_user("alice");
  Id grant = seed_grant(app, user, "code-1");
  EXPECT_THROW(seed_grant(app, user, "code-1"), DuplicateKey);
  EXPECT_EQ(store_->codes().find_code("code-1")->grant_id, grant);

  store_->tokens().insert_token(make_token("tok", TokenKind::kClient, app, std::nullopt));
  EXPECT_THROW(
      store_->tokens().insert_token(make_token("tok", TokenKind::kAccess, app, std::nullopt)),
      DuplicateKey);
  EXPECT_EQ(store_->tokens().find_token("tok")->kind, TokenKind::kClient);

  // A redemption whose tokens collide fails whole: the code stays unconsumed.
  IssuedTokens clash = make_pair("x", app, grant);
  clash.tokens.front().hash = "tok";
  EXPECT_THROW(store_->codes().redeem_code("code-1", kNow, clash), DuplicateKey);
  EXPECT_FALSE(store_->codes().find_code("code-1")->consumed);
  EXPECT_FALSE(token_exists("x-refresh"));

  store_->sessions().create_session(Session{"sess", user, "csrf", kNow + 60, SessionKind::kUser});
  EXPECT_THROW(store_->sessions().create_session(
                   Session{"sess", user + 1, "other", kNow + 60, SessionKind::kDeveloper}),
               DuplicateKey);
  EXPECT_EQ(store_->sessions().find_session("sess", kNow)->csrf, "csrf");
}

INSTANTIATE_TEST_SUITE_P(Engines, StoreContractUnique,
                         ::testing::Values(kSqlite, kPostgres, kMemory, kCached), engine_name);

}  // namespace
}  // namespace loginkit::contract
