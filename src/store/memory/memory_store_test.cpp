// What the in-memory engine does beyond the storage contract (store_contract_*_test.cpp runs it
// through that): its own tables per store unless shared, and the engine-level verbs.
#include "store/memory/memory_store.hpp"

#include <gtest/gtest.h>

namespace loginkit {
namespace {

TEST(MemoryStore, EachStoreStartsEmptyWithItsOwnTables) {
  MemoryStore a;
  MemoryStore b;
  User alice;
  alice.username = "alice";
  Id id = a.users().create_user(alice);
  EXPECT_EQ(id, 1);
  EXPECT_TRUE(a.users().find_user(id).has_value());
  EXPECT_FALSE(b.users().find_user(id).has_value());
  EXPECT_FALSE(b.users().find_user_by_name("alice").has_value());
}

TEST(MemoryStore, StoresOverOneEngineShareEveryTable) {
  MemoryStore a;
  MemoryStore b(a.engine());
  a.meta().claim_meta("k", "v");
  EXPECT_EQ(b.meta().read_meta("k"), "v");
  Id dev = b.developers().create_developer(Developer{0, "d@example.com", "D", "h", 0});
  EXPECT_EQ(a.developers().find_developer(dev)->email, "d@example.com");
}

TEST(MemoryStore, IsAlwaysMigratedAndReachable) {
  MemoryStore s;
  s.migrate();
  EXPECT_EQ(s.schema_version(), s.latest_schema_version());
  EXPECT_TRUE(s.reachable());
}

TEST(MemoryStore, RedirectUrisComeBackGroupedByPlatformNameInStoredOrder) {
  MemoryStore s;
  App app;
  app.client_key = "aw";
  app.redirect_uris = {{Platform::kWeb, "https://b/cb"},
                       {Platform::kAndroid, "a://cb"},
                       {Platform::kWeb, "https://a/cb"}};
  Id id = s.apps().create_app(app);
  auto got = s.apps().find_app(id);
  ASSERT_EQ(got->redirect_uris.size(), 3u);
  EXPECT_EQ(got->redirect_uris[0].uri, "a://cb");  // "android" sorts before "web", as in SQL
  EXPECT_EQ(got->redirect_uris[1].uri, "https://b/cb");
  EXPECT_EQ(got->redirect_uris[2].uri, "https://a/cb");
  EXPECT_TRUE(s.apps().find_app_core(id)->redirect_uris.empty());
}

}  // namespace
}  // namespace loginkit
