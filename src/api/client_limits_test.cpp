// The token endpoints' failed-authentication limit: an attempt is counted when it is judged (just
// before the secret compare, with nothing yielding in between) and given back the moment the secret
// matches, so concurrent guesses are all counted while a busy client's requests in flight are not
// mistaken for guesses.
#include "api/client_limits.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace loginkit {
namespace {

constexpr std::int64_t kLimit = 3;
constexpr const char* kPair = "7:1.2.3.4client";

ClientAdmission admit(RateLimiter& failures) {
  return ClientAdmission(RateLimiter::Reservation{}, failures, kPair);
}

TEST(ClientAdmission, RequestsInFlightHoldNoFailureSlotBeforeTheirSecretIsJudged) {
  RateLimiter failures(kLimit, 60);
  // Twice the limit, all admitted and still waiting (a store read, a commit): nothing counted.
  std::vector<ClientAdmission> in_flight;
  in_flight.reserve(2 * kLimit);
  for (int i = 0; i < 2 * kLimit; ++i) in_flight.push_back(admit(failures));
  for (auto& a : in_flight) {
    EXPECT_EQ(a.admit_attempt(), 0);
    a.client_authenticated();
  }
  EXPECT_EQ(failures.retry_after(kPair), 0);
  for (auto& a : in_flight) a.settle(ClientOutcome::kAuthenticated);
  EXPECT_TRUE(failures.acquire(kPair).admitted());
}

TEST(ClientAdmission, GuessesJudgedPastTheLimitAreRefusedBeforeTheCompare) {
  RateLimiter failures(kLimit, 60);
  std::vector<ClientAdmission> guesses;
  guesses.reserve(kLimit + 2);
  for (int i = 0; i < kLimit + 2; ++i) guesses.push_back(admit(failures));
  for (int i = 0; i < kLimit; ++i) {
    EXPECT_EQ(guesses[i].admit_attempt(), 0);
    EXPECT_EQ(guesses[i].refused(), 0);
  }
  // Nobody has finished yet: the next guesses are not judged at all.
  EXPECT_GT(guesses[kLimit].admit_attempt(), 0);
  EXPECT_GT(guesses[kLimit].refused(), 0);
  EXPECT_GT(guesses[kLimit + 1].admit_attempt(), 0);
  for (auto& g : guesses) g.settle(ClientOutcome::kWrongCredential);
  EXPECT_GT(failures.retry_after(kPair), 0);
  EXPECT_FALSE(failures.acquire(kPair).admitted());
}

TEST(ClientAdmission, OnlyAJudgedWrongCredentialCounts) {
  RateLimiter failures(kLimit, 60);
  for (int i = 0; i < 2 * kLimit; ++i) {
    // A grant error that reads invalid_client after the secret matched is no guess.
    auto matched = admit(failures);
    EXPECT_EQ(matched.admit_attempt(), 0);
    matched.client_authenticated();
    matched.client_authenticated();
    matched.settle(ClientOutcome::kWrongCredential);
    matched.settle(ClientOutcome::kWrongCredential);
    // Refused before authentication (a missing grant_type, the sunset): judged, but no failure.
    auto refused = admit(failures);
    EXPECT_EQ(refused.admit_attempt(), 0);
    refused.settle(ClientOutcome::kNotAuthenticated);
    // Never reached the compare: nothing was reserved.
    admit(failures).settle(ClientOutcome::kWrongCredential);
  }
  EXPECT_EQ(failures.retry_after(kPair), 0);
  // An exception before settling counts nothing either.
  { EXPECT_EQ(admit(failures).admit_attempt(), 0); }
  EXPECT_TRUE(failures.acquire(kPair).admitted());
}

}  // namespace
}  // namespace loginkit
