#include "store/handles.hpp"

#include <gtest/gtest.h>

#include <regex>

#include "core/crypto.hpp"

namespace loginkit {
namespace {

TEST(Handles, IdsIncreaseAndFollowTheClock) {
  Id a = next_handle_id();
  Id b = next_handle_id();
  EXPECT_GT(a, 0);
  EXPECT_GT(b, a);
  // A later millisecond gives a larger id; an earlier one never goes back.
  Id later = next_handle_id_at((b >> 21) + 1000);
  EXPECT_GT(later, b);
  EXPECT_GT(next_handle_id_at(1), later);
}

TEST(Handles, MintedHandlesAreUrlSafeAndParseToTheirId) {
  Id id = next_handle_id();
  std::string refresh = mint_handle("rft.", id);
  std::string code = mint_handle("", id);
  EXPECT_TRUE(std::regex_match(refresh, std::regex("rft\\.[0-9]+\\.[A-Za-z0-9_-]{43}")));
  EXPECT_TRUE(std::regex_match(code, std::regex("[0-9]+\\.[A-Za-z0-9_-]{43}")));
  for (const auto& h : {refresh, code}) {
    HandleKey k = handle_key(h);
    EXPECT_EQ(k.id, id);
    EXPECT_EQ(k.hash, crypto::sha256(h));
    EXPECT_EQ(new_handle_key(h, id).hash, k.hash);
  }
}

TEST(Handles, AnythingElseIsALegacyKeyOfTheWholeHandle) {
  for (std::string h :
       {"rft.Qx3-_abc", "Qx3abc", "", ".", "rft..abc", "rft.12.", "rft.012.abc", "rft.-12.abc",
        "rft.+12.abc", "rft.0.abc", "rft.99999999999999999999.x", "rft.1a.abc", "act.Zz"}) {
    HandleKey k = handle_key(h);
    EXPECT_TRUE(k.legacy()) << h;
    EXPECT_EQ(k.hash, crypto::sha256_hex(h)) << h;
  }
  EXPECT_EQ(handle_key("12.abc").id, 12);
  EXPECT_EQ(handle_key("rft.12.abc").id, 12);
}

TEST(Handles, RetryRunsOnceMoreOnDuplicateKeyOnly) {
  int runs = 0;
  EXPECT_EQ(retry_on_duplicate_id([&] {
              if (++runs == 1) throw DuplicateKey("taken");
              return 7;
            }),
            7);
  EXPECT_EQ(runs, 2);
  runs = 0;
  EXPECT_THROW(retry_on_duplicate_id([&]() -> int {
                 ++runs;
                 throw DuplicateKey("taken");
               }),
               DuplicateKey);
  EXPECT_EQ(runs, 2);
}

}  // namespace
}  // namespace loginkit
