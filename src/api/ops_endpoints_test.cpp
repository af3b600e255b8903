#include "api/ops_endpoints.hpp"

#include <gtest/gtest.h>

using namespace loginkit;

// The outcome label is a bounded set chosen by status class, with 429 on its own.
TEST(OpsMetrics, OutcomeOfStatus) {
  EXPECT_STREQ(ops::outcome_of(200), "ok");
  EXPECT_STREQ(ops::outcome_of(204), "ok");
  EXPECT_STREQ(ops::outcome_of(302), "ok");
  EXPECT_STREQ(ops::outcome_of(400), "client_error");
  EXPECT_STREQ(ops::outcome_of(401), "client_error");
  EXPECT_STREQ(ops::outcome_of(405), "client_error");
  EXPECT_STREQ(ops::outcome_of(429), "refused");
  EXPECT_STREQ(ops::outcome_of(500), "server_error");
  EXPECT_STREQ(ops::outcome_of(503), "server_error");
}

TEST(OpsMetrics, EndpointNamesAreBoundedWhateverThePath) {
  EXPECT_EQ(ops::endpoint_of("/v2/oauth/token").first, "token");
  EXPECT_EQ(ops::endpoint_of("/v2/oauth/token\"\n{}").first, "other");
  EXPECT_EQ(ops::endpoint_of("/metrics").first, "ops");
}
