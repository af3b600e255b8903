// Storage contract, part 1: schema, identities, apps, consents, sessions, v1 counters and the
// server key, as every engine must behave (store.hpp). Grants, codes and tokens are in
// store_contract_grants_test.cpp; races in store_contract_concurrency_test.cpp.
#include <gtest/gtest.h>

#include <algorithm>
#include <tuple>

#include "store/store_contract_fixture.hpp"
#include "store/test_names.hpp"

namespace loginkit::contract {
namespace {

using StoreContractBasics = StoreContract;

TEST_P(StoreContractBasics, MigrateIsIdempotentAndKeepsData) {
  int version = store_->schema_version();
  EXPECT_GT(version, 0);
  Id dev = seed_developer();
  store_->migrate();
  store_->migrate();
  EXPECT_EQ(store_->schema_version(), version);
  EXPECT_TRUE(store_->developers().find_developer(dev).has_value());

  auto other = open_store();  // a second node starting on an up-to-date database
  other->migrate();
  EXPECT_EQ(other->schema_version(), version);
  EXPECT_TRUE(other->developers().find_developer(dev).has_value());
}

TEST_P(StoreContractBasics, DevelopersRoundTrip) {
  Id a =
      store_->developers().create_developer(Developer{0, "a@example.com", "Ann", "hash-a", kNow});
  Id b = store_->developers().create_developer(
      Developer{0, "b@example.com", "Bob", "hash-b", kNow + 1});
  EXPECT_GT(a, 0);
  EXPECT_NE(a, b);

  auto got = store_->developers().find_developer(a);
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->id, a);
  EXPECT_EQ(got->email, "a@example.com");
  EXPECT_EQ(got->name, "Ann");
  EXPECT_EQ(got->password_hash, "hash-a");
  EXPECT_EQ(got->created_at, kNow);

  auto by_email = store_->developers().find_developer_by_email("b@example.com");
  ASSERT_TRUE(by_email.has_value());
  EXPECT_EQ(by_email->id, b);
  EXPECT_EQ(by_email->name, "Bob");

  EXPECT_FALSE(store_->developers().find_developer(b + 1000).has_value());
  EXPECT_FALSE(store_->developers().find_developer_by_email("nobody@example.com").has_value());
}

TEST_P(StoreContractBasics, UsersRoundTripEveryField) {
  User u{0,
         "alice",
         "argon2-alice",
         "Alice A.",
         "https://cdn.example/a.png",
         "bio: ünïcode ✓",
         true,
         12,
         34,
         56,
         78,
         kNow};
  Id id = store_->users().create_user(u);
  Id other = seed_user("bob");
  EXPECT_GT(id, 0);
  EXPECT_NE(id, other);

  for (const auto& got :
       {store_->users().find_user(id), store_->users().find_user_by_name("alice")}) {
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(got->id, id);
    EXPECT_EQ(got->username, "alice");
    EXPECT_EQ(got->password_hash, "argon2-alice");
    EXPECT_EQ(got->display_name, "Alice A.");
    EXPECT_EQ(got->avatar_url, "https://cdn.example/a.png");
    EXPECT_EQ(got->bio_description, "bio: ünïcode ✓");
    EXPECT_TRUE(got->is_verified);
    EXPECT_EQ(got->follower_count, 12);
    EXPECT_EQ(got->following_count, 34);
    EXPECT_EQ(got->likes_count, 56);
    EXPECT_EQ(got->video_count, 78);
    EXPECT_EQ(got->created_at, kNow);
  }
  auto bob = store_->users().find_user(other);
  ASSERT_TRUE(bob.has_value());
  EXPECT_FALSE(bob->is_verified);
  EXPECT_EQ(bob->avatar_url, "");
  EXPECT_FALSE(store_->users().find_user(other + 1000).has_value());
  EXPECT_FALSE(store_->users().find_user_by_name("carol").has_value());
}

App full_app(Id dev) {
  App a;
  a.client_key = "awkey0001";
  a.secret_hash = "sha256-of-secret";
  a.developer_id = dev;
  a.name = "Full App";
  a.scopes = parse_scopes("user.info.basic,user.info.profile,video.list");
  a.login_kit = true;
  a.web_enabled = false;
  a.require_pkce_web = true;
  // Interleaved platforms, and per platform an order that is neither sorted nor reversed.
  a.redirect_uris = {
      {Platform::kWeb, "https://z.example/cb"},     {Platform::kAndroid, "com.example.app://cb"},
      {Platform::kWeb, "https://a.example/cb"},     {Platform::kIos, "example-ios://cb"},
      {Platform::kWeb, "https://m.example/cb?x=1"}, {Platform::kDesktop, "http://127.0.0.1/cb"},
      {Platform::kAndroid, "com.example.beta://cb"}};
  a.legacy_domains = {"zeta.example", "alpha.example", "mid.example"};
  a.created_at = kNow;
  return a;
}

TEST_P(StoreContractBasics, AppsRoundTripWithRedirectUrisAndLegacyDomainsInOrder) {
  Id dev = seed_developer();
  App want = full_app(dev);
  Id id = store_->apps().create_app(want);
  EXPECT_GT(id, 0);

  auto by_id = store_->apps().find_app(id);
  ASSERT_TRUE(by_id.has_value());
  EXPECT_EQ(by_id->id, id);
  expect_same_app(want, *by_id);

  auto by_key = store_->apps().find_app_by_key("awkey0001");
  ASSERT_TRUE(by_key.has_value());
  EXPECT_EQ(by_key->id, id);
  expect_same_app(want, *by_key);

  EXPECT_FALSE(store_->apps().find_app(id + 1000).has_value());
  EXPECT_FALSE(store_->apps().find_app_by_key("awkey-missing").has_value());
}

TEST_P(StoreContractBasics, AppWithoutUrisOrDomains) {
  Id dev = seed_developer();
  App bare = make_app(dev, "awbare");
  bare.redirect_uris.clear();
  bare.scopes = parse_scopes("user.info.basic");
  Id id = store_->apps().create_app(bare);
  auto got = store_->apps().find_app(id);
  ASSERT_TRUE(got.has_value());
  expect_same_app(bare, *got);
  EXPECT_TRUE(got->redirect_uris.empty());
  EXPECT_TRUE(got->legacy_domains.empty());
}

TEST_P(StoreContractBasics, ListAppsReturnsEveryAppInCreationOrderWithUris) {
  EXPECT_TRUE(store_->apps().list_apps().empty());
  Id dev = seed_developer();
  App first = full_app(dev);
  App second = make_app(dev, "awsecond");
  App third = make_app(dev, "awthird");
  third.legacy_domains = {"legacy.example"};
  Id ids[] = {store_->apps().create_app(first), store_->apps().create_app(second),
              store_->apps().create_app(third)};

  auto apps = store_->apps().list_apps();
  ASSERT_EQ(apps.size(), 3u);
  const App* want[] = {&first, &second, &third};
  for (std::size_t i = 0; i < 3; ++i) {
    SCOPED_TRACE(numbered("app ", i));
    EXPECT_EQ(apps[i].id, ids[i]);
    expect_same_app(*want[i], apps[i]);
  }
}

TEST_P(StoreContractBasics, UpdateAppReplacesSettingsUrisAndDomains) {
  Id dev = seed_developer();
  Id id = store_->apps().create_app(full_app(dev));
  Id untouched = seed_app(dev, "awother");

  App changed = *store_->apps().find_app(id);
  changed.secret_hash = "sha256-of-rotated-secret";
  changed.name = "Renamed";
  changed.scopes = parse_scopes("user.info.basic,video.upload");
  changed.login_kit = false;
  changed.web_enabled = true;
  changed.require_pkce_web = false;
  changed.redirect_uris = {{Platform::kIos, "example-ios://new"},
                           {Platform::kWeb, "https://m.example/cb?x=1"},
                           {Platform::kWeb, "https://z.example/cb"}};
  changed.legacy_domains = {"mid.example", "new.example"};
  EXPECT_TRUE(store_->apps().update_app(changed));
  changed.version += 1;

  auto got = store_->apps().find_app(id);
  ASSERT_TRUE(got.has_value());
  expect_same_app(changed, *got);
  auto got_by_key = store_->apps().find_app_by_key(changed.client_key);
  ASSERT_TRUE(got_by_key.has_value());
  expect_same_app(changed, *got_by_key);

  App other = make_app(dev, "awother");
  expect_same_app(other, *store_->apps().find_app(untouched));

  changed.redirect_uris.clear();
  changed.legacy_domains.clear();
  EXPECT_TRUE(store_->apps().update_app(changed));
  got = store_->apps().find_app(id);
  ASSERT_TRUE(got.has_value());
  EXPECT_TRUE(got->redirect_uris.empty());
  EXPECT_TRUE(got->legacy_domains.empty());
}

// update_app is a compare-and-set on the version the app was read at: a copy read before someone
// else's update cannot write its stale fields (an old secret hash, a lost redirect URI) back.
TEST_P(StoreContractBasics, UpdateAppAppliesOnlyAtTheVersionItWasReadAt) {
  Id id = seed_app(seed_developer(), "awcas");
  App first = *store_->apps().find_app(id);
  App second = first;  // a second editor read the same version
  EXPECT_EQ(first.version, 0);

  first.secret_hash = "rotated";
  ASSERT_TRUE(store_->apps().update_app(first));
  auto now = store_->apps().find_app(id);
  EXPECT_EQ(now->version, 1);
  EXPECT_EQ(now->secret_hash, "rotated");

  second.redirect_uris.push_back({Platform::kWeb, "https://late.example/cb"});
  EXPECT_FALSE(store_->apps().update_app(second)) << "a stale copy overwrote a newer row";
  auto after = store_->apps().find_app(id);
  EXPECT_EQ(after->version, 1);
  EXPECT_EQ(after->secret_hash, "rotated");
  EXPECT_EQ(after->redirect_uris.size(), 1u) << "a refused update wrote its redirect URIs";

  App fresh = *after;
  fresh.redirect_uris.push_back({Platform::kWeb, "https://late.example/cb"});
  ASSERT_TRUE(store_->apps().update_app(fresh));
  EXPECT_EQ(store_->apps().find_app(id)->version, 2);
  EXPECT_EQ(store_->apps().find_app_core(id)->version, 2);
  EXPECT_EQ(store_->apps().find_app_by_key("awcas")->redirect_uris.size(), 2u);
}

TEST_P(StoreContractBasics, ConsentsSaveUpsertAndList) {
  Id dev = seed_developer();
  Id alice = seed_user("alice");
  Id bob = seed_user("bob");
  Id app1 = seed_app(dev, "aw1");
  Id app2 = seed_app(dev, "aw2");

  EXPECT_FALSE(store_->grants().find_consent(alice, app1).has_value());
  EXPECT_TRUE(store_->grants().list_consents(alice).empty());

  store_->grants().save_consent(Consent{alice, app1, parse_scopes("user.info.basic"), kNow});
  store_->grants().save_consent(Consent{alice, app2, parse_scopes("user.info.basic"), kNow + 10});
  store_->grants().save_consent(Consent{bob, app1, parse_scopes("video.list"), kNow + 20});
  // Upsert: a second save for (alice, app1) replaces scopes and time, not a second row.
  store_->grants().save_consent(
      Consent{alice, app1, parse_scopes("user.info.basic,user.info.profile"), kNow + 30});

  auto c = store_->grants().find_consent(alice, app1);
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->user_id, alice);
  EXPECT_EQ(c->app_id, app1);
  EXPECT_EQ(c->scopes, parse_scopes("user.info.basic,user.info.profile"));
  EXPECT_EQ(c->updated_at, kNow + 30);

  auto list = store_->grants().list_consents(alice);
  ASSERT_EQ(list.size(), 2u);
  // Most recently updated first (the connected-apps page).
  EXPECT_EQ(list[0].app_id, app1);
  EXPECT_EQ(list[0].updated_at, kNow + 30);
  EXPECT_EQ(list[1].app_id, app2);
  EXPECT_EQ(list[1].scopes, parse_scopes("user.info.basic"));
  for (const auto& each : list) EXPECT_EQ(each.user_id, alice);

  auto bobs = store_->grants().list_consents(bob);
  ASSERT_EQ(bobs.size(), 1u);
  EXPECT_EQ(bobs[0].scopes, parse_scopes("video.list"));
}

TEST_P(StoreContractBasics, SessionsCreateFindExpireDelete) {
  store_->sessions().create_session(
      Session{"sess-user", 41, "csrf-u", kNow + 3600, SessionKind::kUser});
  store_->sessions().create_session(
      Session{"sess-dev", 42, "csrf-d", kNow + 3600, SessionKind::kDeveloper});
  store_->sessions().create_session(
      Session{"sess-old", 43, "csrf-o", kNow - 1, SessionKind::kUser});

  auto user = store_->sessions().find_session("sess-user", kNow);
  ASSERT_TRUE(user.has_value());
  EXPECT_EQ(user->hash, "sess-user");
  EXPECT_EQ(user->user_id, 41);
  EXPECT_EQ(user->csrf, "csrf-u");
  EXPECT_EQ(user->expires_at, kNow + 3600);
  EXPECT_EQ(user->kind, SessionKind::kUser);

  auto dev = store_->sessions().find_session("sess-dev", kNow);
  ASSERT_TRUE(dev.has_value());
  EXPECT_EQ(dev->user_id, 42);
  EXPECT_EQ(dev->kind, SessionKind::kDeveloper);

  EXPECT_FALSE(store_->sessions().find_session("sess-old", kNow).has_value())
      << "expired session found";
  EXPECT_FALSE(store_->sessions().find_session("sess-user", kNow + 3601).has_value())
      << "session found after its expiry";
  EXPECT_TRUE(store_->sessions().find_session("sess-user", kNow + 3599).has_value());
  EXPECT_FALSE(store_->sessions().find_session("sess-missing", kNow).has_value());

  store_->sessions().delete_session("sess-user");
  EXPECT_FALSE(store_->sessions().find_session("sess-user", kNow).has_value());
  EXPECT_TRUE(store_->sessions().find_session("sess-dev", kNow).has_value());
  store_->sessions().delete_session("sess-user");  // deleting twice is harmless
  store_->sessions().delete_session("sess-missing");
}

using CallKey = std::tuple<Id, UnixSeconds, std::string, std::string, std::string, std::int64_t>;

std::vector<CallKey> sorted(const std::vector<V1CallCount>& rows) {
  std::vector<CallKey> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    out.emplace_back(r.app_id, r.day, r.endpoint, r.platform, r.outcome, r.count);
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST_P(StoreContractBasics, V1CountersAccumulatePerKeyAndFilterByDay) {
  constexpr UnixSeconds kDay1 = 19'600 * kDay;
  constexpr UnixSeconds kDay2 = kDay1 + kDay;
  EXPECT_TRUE(store_->v1_usage().v1_calls_since(0).empty());

  store_->v1_usage().count_v1_call({7, kDay1, "oauth/access_token", "web", "accepted", 1});
  store_->v1_usage().count_v1_call({7, kDay1, "oauth/access_token", "web", "accepted", 1});
  store_->v1_usage().count_v1_call({7, kDay1, "oauth/access_token", "web", "accepted", 5});
  // Each differing key field makes its own row.
  store_->v1_usage().count_v1_call({7, kDay1, "oauth/access_token", "web", "refused", 2});
  store_->v1_usage().count_v1_call({7, kDay1, "oauth/access_token", "android", "accepted", 3});
  store_->v1_usage().count_v1_call({7, kDay1, "user/info", "web", "accepted", 4});
  store_->v1_usage().count_v1_call({8, kDay1, "oauth/access_token", "web", "accepted", 6});
  store_->v1_usage().count_v1_call({7, kDay2, "oauth/access_token", "web", "accepted", 9});
  store_->v1_usage().count_v1_call({7, kDay2, "oauth/access_token", "web", "accepted", 1});

  std::vector<CallKey> all = {
      {7, kDay1, "oauth/access_token", "android", "accepted", 3},
      {7, kDay1, "oauth/access_token", "web", "accepted", 7},
      {7, kDay1, "oauth/access_token", "web", "refused", 2},
      {7, kDay1, "user/info", "web", "accepted", 4},
      {7, kDay2, "oauth/access_token", "web", "accepted", 10},
      {8, kDay1, "oauth/access_token", "web", "accepted", 6},
  };
  std::sort(all.begin(), all.end());
  EXPECT_EQ(sorted(store_->v1_usage().v1_calls_since(kDay1)), all);
  EXPECT_EQ(sorted(store_->v1_usage().v1_calls_since(0)), all);

  std::vector<CallKey> day2 = {{7, kDay2, "oauth/access_token", "web", "accepted", 10}};
  EXPECT_EQ(sorted(store_->v1_usage().v1_calls_since(kDay2)), day2);
  EXPECT_TRUE(store_->v1_usage().v1_calls_since(kDay2 + kDay).empty());
}

TEST_P(StoreContractBasics, MetaClaimKeepsTheFirstValueAndDeletes) {
  EXPECT_FALSE(store_->meta().read_meta("k").has_value());
  EXPECT_EQ(store_->meta().claim_meta("k", "first"), "first");
  EXPECT_EQ(store_->meta().claim_meta("k", "second"), "first") << "a claim overwrote a value";
  auto other = open_store();
  EXPECT_EQ(other->meta().read_meta("k"), "first");
  other->meta().delete_meta("k");
  EXPECT_FALSE(store_->meta().read_meta("k").has_value());
  other->meta().delete_meta("k");  // deleting what is gone is fine
  EXPECT_EQ(store_->meta().claim_meta("k", "third"), "third");
}

INSTANTIATE_TEST_SUITE_P(Engines, StoreContractBasics,
                         ::testing::Values(kSqlite, kPostgres, kMemory, kCached), engine_name);

}  // namespace
}  // namespace loginkit::contract
