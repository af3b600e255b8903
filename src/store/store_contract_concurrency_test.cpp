// Storage contract, part 3: races. Many threads, spread over two store instances on one
// database (two nodes, each with its own connection pool), present the same code or the same
// refresh token at once: exactly one wins, the rest get the "lost" outcome — never an exception,
// never a second set of tokens.
#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <latch>
#include <mutex>
#include <set>
#include <thread>

#include "store/store_contract_fixture.hpp"
#include "store/test_names.hpp"

namespace loginkit::contract {
namespace {

constexpr int kThreads = 8;
constexpr int kRounds = 10;

class StoreContractConcurrency : public StoreContract {
 protected:
  void SetUp() override {
    StoreContract::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    node_b_ = open_store();
    app_ = seed_app(seed_developer(), "awrace");
    user_ = seed_user("alice");
  }
  void TearDown() override {
    node_b_.reset();
    StoreContract::TearDown();
  }

  Store& node(int thread) { return thread % 2 == 0 ? *store_ : *node_b_; }

  // Runs body(thread) on kThreads threads released together; returns the exceptions' messages.
  std::vector<std::string> race(const std::function<void(int)>& body) {
    std::latch start(kThreads);
    std::mutex mu;
    std::vector<std::string> errors;
    std::vector<std::thread> threads;
    threads.reserve(kThreads);
    for (int i = 0; i < kThreads; ++i) {
      threads.emplace_back([&, i] {
        start.arrive_and_wait();
        try {
          body(i);
        } catch (const std::exception& e) {
          std::lock_guard lock(mu);
          errors.emplace_back(e.what());
        }
      });
    }
    for (auto& t : threads) t.join();
    return errors;
  }

  std::unique_ptr<Store> node_b_;
  Id app_ = 0;
  Id user_ = 0;
};

std::string prefix(int round, int thread) {
  return numbered("r", round) + numbered("t", thread);
}

TEST_P(StoreContractConcurrency, SameCodeRedeemedByExactlyOneThread) {
  for (int round = 0; round < kRounds; ++round) {
    SCOPED_TRACE(numbered("round ", round));
    std::string code = numbered("code-", round);
    Id grant = seed_grant(app_, user_, code);
    std::atomic<int> redeemed{0};
    std::atomic<int> lost{0};
    auto errors = race([&](int i) {
      auto out = node(i).codes().redeem_code(code, kNow, make_pair(prefix(round, i), app_, grant));
      ++(out == RedeemOutcome::kRedeemed ? redeemed : lost);
    });
    EXPECT_TRUE(errors.empty()) << errors.size() << " threads threw, first: " << errors.front();
    EXPECT_EQ(redeemed.load(), 1) << "redemptions of one code";
    EXPECT_EQ(lost.load(), kThreads - 1 - static_cast<int>(errors.size()));
    int stored = 0;
    for (int i = 0; i < kThreads; ++i) stored += token_exists(prefix(round, i) + "-access");
    EXPECT_EQ(stored, 1) << "token sets stored for one code";
  }
}

TEST_P(StoreContractConcurrency, SameRefreshTokenRotatedByExactlyOneThread) {
  for (int round = 0; round < kRounds; ++round) {
    SCOPED_TRACE(numbered("round ", round));
    std::string code = numbered("code-", round);
    Id grant = seed_grant(app_, user_, code);
    std::string seed = numbered("seed", round);
    ASSERT_EQ(store_->codes().redeem_code(code, kNow, make_pair(seed, app_, grant)),
              RedeemOutcome::kRedeemed);
    std::atomic<int> rotated{0};
    std::atomic<int> lost{0};
    auto errors = race([&](int i) {
      auto out = node(i).tokens().rotate_refresh(seed + "-refresh", kNow + 1,
                                                 make_pair(prefix(round, i), app_, grant));
      ++(out == RotateOutcome::kRotated ? rotated : lost);
    });
    EXPECT_TRUE(errors.empty()) << errors.size() << " threads threw, first: " << errors.front();
    EXPECT_EQ(rotated.load(), 1) << "rotations of one refresh token";
    EXPECT_EQ(lost.load(), kThreads - 1 - static_cast<int>(errors.size()));
    int stored = 0;
    for (int i = 0; i < kThreads; ++i) stored += token_exists(prefix(round, i) + "-refresh");
    EXPECT_EQ(stored, 1) << "refresh tokens minted from one refresh token";
  }
}

// Nodes starting together each claim the server key check: exactly one value wins everywhere.
TEST_P(StoreContractConcurrency, MetaClaimHasOneWinnerUnderRace) {
  std::mutex mu;
  std::set<std::string> seen;
  auto errors = race([&](int i) {
    std::string held = node(i).meta().claim_meta("server_key_check", numbered("node-", i));
    std::lock_guard lock(mu);
    seen.insert(held);
  });
  EXPECT_TRUE(errors.empty()) << errors.size() << " threads threw, first: " << errors.front();
  ASSERT_EQ(seen.size(), 1u) << "different claimants were told they won";
  EXPECT_EQ(store_->meta().read_meta("server_key_check"), *seen.begin());
}

TEST_P(StoreContractConcurrency, V1CountersLoseNoIncrementUnderRace) {
  constexpr int kPerThread = 25;
  auto errors = race([&](int i) {
    for (int n = 0; n < kPerThread; ++n) {
      node(i).v1_usage().count_v1_call({app_, 19'600 * kDay, "user/info", "web", "accepted", 1});
    }
  });
  EXPECT_TRUE(errors.empty()) << errors.size() << " threads threw, first: " << errors.front();
  auto rows = store_->v1_usage().v1_calls_since(0);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].count, kThreads * kPerThread);
}

INSTANTIATE_TEST_SUITE_P(Engines, StoreContractConcurrency,
                         ::testing::Values(kSqlite, kPostgres, kMemory, kCached), engine_name);

}  // namespace
}  // namespace loginkit::contract
