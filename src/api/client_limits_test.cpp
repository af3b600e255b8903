// The token endpoints' admission: the failure slot is reserved before any work (so concurrent
// guesses are all counted) and given back the moment the client's secret matches (so a busy
// client's requests in flight at once are not mistaken for guesses).
#include "api/client_limits.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace loginkit {
namespace {

constexpr std::int64_t kLimit = 3;

ClientAdmission admit(RateLimiter& wrong) {
  auto slot = wrong.acquire("7:1.2.3.4client");
  EXPECT_TRUE(slot.admitted());
  return ClientAdmission(RateLimiter::Reservation{}, std::move(slot));
}

TEST(ClientAdmission, AuthenticatedRequestsInFlightDoNotHoldFailureSlots) {
  RateLimiter wrong(kLimit, 60);
  std::vector<ClientAdmission> in_flight;
  // Twice the limit, all still running (waiting for their commit), all authenticated.
  for (int i = 0; i < 2 * kLimit; ++i) {
    in_flight.push_back(admit(wrong));
    in_flight.back().client_authenticated();
  }
  EXPECT_TRUE(wrong.acquire("7:1.2.3.4client").admitted());
}

TEST(ClientAdmission, ConcurrentWrongSecretsAreStillRefusedPastTheLimit) {
  RateLimiter wrong(kLimit, 60);
  std::vector<ClientAdmission> in_flight;
  in_flight.reserve(kLimit);
  for (int i = 0; i < kLimit; ++i) in_flight.push_back(admit(wrong));
  // Nobody has finished yet: the next guess is refused before it is checked.
  EXPECT_FALSE(wrong.acquire("7:1.2.3.4client").admitted());
  for (auto& a : in_flight) a.settle(ClientOutcome::kWrongCredential);
  EXPECT_FALSE(wrong.acquire("7:1.2.3.4client").admitted());
}

TEST(ClientAdmission, SettleAfterAuthenticationKeepsNoFailureAndStaysIdempotent) {
  RateLimiter wrong(kLimit, 60);
  for (int i = 0; i < 2 * kLimit; ++i) {
    auto a = admit(wrong);
    a.client_authenticated();
    a.client_authenticated();
    // A grant error that reads invalid_client after the secret matched is no guess.
    a.settle(ClientOutcome::kWrongCredential);
    a.settle(ClientOutcome::kWrongCredential);
  }
  EXPECT_TRUE(wrong.acquire("7:1.2.3.4client").admitted());
}

}  // namespace
}  // namespace loginkit
