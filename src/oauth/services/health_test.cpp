#include "oauth/services/health.hpp"

#include <stdexcept>

#include "oauth/services/service_test_fixture.hpp"

namespace loginkit::services {
namespace {

using Health = ServiceTest;

TEST_F(Health, MigratedReachableStoreIsReady) {
  auto r = check_readiness(ctx());
  EXPECT_TRUE(r.ready());
  EXPECT_EQ(r.problem, "");
  EXPECT_EQ(r.detail, "");
}

StorageProbe probe(bool up, int version, int latest) {
  return StorageProbe{[up] { return up; }, [version] { return version; },
                      [latest] { return latest; }};
}

TEST(Readiness, EachFailureNamesItsCheck) {
  EXPECT_TRUE(check_readiness(probe(true, 4, 4)).ready());
  EXPECT_EQ(check_readiness(probe(false, 4, 4)).problem, "storage unreachable");
  EXPECT_EQ(check_readiness(probe(true, 3, 4)).problem, "schema version");
  EXPECT_EQ(check_readiness(probe(true, 5, 4)).problem, "schema version");
}

TEST(Readiness, AThrowingCheckKeepsItsTextForTheLogOnly) {
  auto p = probe(true, 4, 4);
  p.schema_version = []() -> int { throw std::runtime_error("connect to db.internal failed"); };
  auto r = check_readiness(p);
  EXPECT_EQ(r.problem, "storage unreachable");
  EXPECT_EQ(r.detail, "connect to db.internal failed");
}

}  // namespace
}  // namespace loginkit::services
