// Seeds put into a fresh in-memory store, then used through the real protocol code: the client
// authenticates with the secret the file names, a seeded user signs in and shows in user info.
#include "sandbox/seed_apply.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>

#include "core/form.hpp"
#include "oauth/authorize.hpp"
#include "oauth/services/accounts.hpp"
#include "oauth/token_endpoint.hpp"
#include "oauth/userinfo.hpp"
#include "store/memory/memory_store.hpp"

namespace loginkit::sandbox {

// deploy/sandbox-seed.example.toml, found from the checkout (seed_file_test.cpp, same binary).
std::filesystem::path example_seed_path();

namespace {

class SeedApply : public ::testing::Test {
 protected:
  void SetUp() override { store_.migrate(); }

  SeedResult seed(const Seed& s) {
    apply_sunset(s, config_.sunset);
    return apply_seed(ctx_, s);
  }

  // The SeedError's problems, or none when the seed applies.
  std::vector<std::string> problems_of(const Seed& s) {
    try {
      seed(s);
    } catch (const SeedError& e) {
      return e.problems();
    }
    return {};
  }

  Result<TokenResponse> client_token(const std::string& key, const std::string& secret) {
    std::string body = encode_form(
        {{"client_key", key}, {"client_secret", secret}, {"grant_type", "client_credentials"}});
    return token_request(ctx_, grants_, {"application/x-www-form-urlencoded", body, std::nullopt});
  }

  MemoryStore store_;
  AdjustableClock clock_;
  OAuthConfig config_;
  OAuthContext ctx_{store_, clock_, config_, nullptr, "seed-test-server-key-0123456789abcdef"};
  GrantRegistry grants_ = make_v2_grants();
};

TEST_F(SeedApply, ShippedExampleAppliesAndItsAppAuthenticatesWithItsOwnSecret) {
  Seed file = load_seed(example_seed_path());
  SeedResult result = seed(file);
  ASSERT_EQ(result.apps.size(), 2U);
  EXPECT_EQ(result.usernames, (std::vector<std::string>{"alice", "bob"}));
  const SeededApp& mine = result.apps[0];
  EXPECT_EQ(mine.client_key, "awexamplekey0001");
  EXPECT_EQ(mine.client_secret, file.apps[0].client_secret);
  ASSERT_TRUE(mine.consent);
  EXPECT_EQ(mine.consent->username, "alice");
  EXPECT_EQ(mine.redirect_uris.size(), 2U);

  auto ok = client_token(mine.client_key, file.apps[0].client_secret);
  ASSERT_TRUE(ok) << ok.error().description;
  EXPECT_FALSE(ok->access_token.empty());
  auto wrong = client_token(mine.client_key, "not-the-secret-0123456789");
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, "invalid_client");

  // The app without a key of its own got a generated pair, which works just the same.
  const SeededApp& generated = result.apps[1];
  EXPECT_FALSE(generated.client_key.empty());
  EXPECT_TRUE(client_token(generated.client_key, generated.client_secret));

  auto dev = services::check_developer_signin(ctx_, "team@example.com", "team-portal-password");
  EXPECT_EQ(dev.verdict, services::SigninVerdict::kAccepted);
  auto audit = store_.audit().list_audit(mine.app_id, 10);
  ASSERT_FALSE(audit.empty());
  EXPECT_EQ(audit.back().actor, "sandbox-seed");
}

TEST_F(SeedApply, SeededUserSignsInAndUserInfoHasEveryField) {
  Seed file = load_seed(example_seed_path());
  SeedResult result = seed(file);
  auto signin = services::check_user_signin(ctx_, "alice", "alice-password");
  ASSERT_EQ(signin.verdict, services::SigninVerdict::kAccepted);

  auto query =
      parse_form(encode_form({{"client_key", result.apps[0].client_key},
                              {"response_type", "code"},
                              {"redirect_uri", "https://app.example/callback"},
                              {"scope", "user.info.basic,user.info.profile,user.info.stats"},
                              {"state", "s"}}));
  auto check = check_authorize(ctx_, *query);
  ASSERT_TRUE(std::holds_alternative<AuthorizeRequest>(check));
  auto& req = std::get<AuthorizeRequest>(check);
  auto location = approve(ctx_, req, signin.account_id,
                          granted_scopes(req, {"user.info.profile", "user.info.stats"}));
  auto start = location.find("code=") + 5;
  std::string code = location.substr(start, location.find('&', start) - start);
  std::string body = encode_form({{"client_key", result.apps[0].client_key},
                                  {"client_secret", result.apps[0].client_secret},
                                  {"grant_type", "authorization_code"},
                                  {"redirect_uri", "https://app.example/callback"},
                                  {"code", code}});
  auto tokens =
      token_request(ctx_, grants_, {"application/x-www-form-urlencoded", body, std::nullopt});
  ASSERT_TRUE(tokens) << tokens.error().description;

  auto info = user_info(ctx_, "Bearer " + tokens->access_token,
                        "display_name,avatar_url,bio_description,is_verified,username,"
                        "follower_count,following_count,likes_count,video_count");
  ASSERT_TRUE(info) << info.error().description;
  std::map<std::string, FieldValue> fields(info->begin(), info->end());
  const SeedUser& alice = file.users[0];
  EXPECT_EQ(fields["display_name"], FieldValue{alice.display_name});
  EXPECT_EQ(fields["avatar_url"], FieldValue{alice.avatar_url});
  EXPECT_EQ(fields["bio_description"], FieldValue{alice.bio_description});
  EXPECT_EQ(fields["is_verified"], FieldValue{true});
  EXPECT_EQ(fields["username"], FieldValue{std::string("alice")});
  EXPECT_EQ(fields["follower_count"], FieldValue{std::int64_t{10}});
  EXPECT_EQ(fields["following_count"], FieldValue{std::int64_t{2}});
  EXPECT_EQ(fields["likes_count"], FieldValue{std::int64_t{300}});
  EXPECT_EQ(fields["video_count"], FieldValue{std::int64_t{4}});
}

TEST_F(SeedApply, DefaultSeedAppliesWithAGeneratedKeyAndNoHeadlessConsent) {
  SeedResult result = seed(default_seed());
  ASSERT_EQ(result.apps.size(), 1U);
  EXPECT_FALSE(result.apps[0].consent);
  EXPECT_TRUE(client_token(result.apps[0].client_key, result.apps[0].client_secret));
  auto user = store_.users().find_user_by_name("sandbox-user");
  ASSERT_TRUE(user);
  EXPECT_EQ(user->video_count, default_seed().users[0].video_count);
}

TEST_F(SeedApply, RegistryRefusalsNameTheAppAndTheRegistrysMessages) {
  Seed s = default_seed();
  s.apps[0].client_key = "has space";
  s.apps[0].redirect_uris.push_back({Platform::kWeb, "http://app.example/cb"});
  auto problems = problems_of(s);
  EXPECT_NE(std::find(problems.begin(), problems.end(),
                      "app \"Sandbox App\": Redirect URI must use https."),
            problems.end());
  EXPECT_NE(std::find(problems.begin(), problems.end(),
                      "app \"Sandbox App\": client_key must be 4 to 64 letters, digits, '-' or "
                      "'_'."),
            problems.end());
}

TEST_F(SeedApply, ClientKeyTakenTwice) {
  Seed s = default_seed();
  s.apps[0].client_key = "awsamekey0001";
  s.apps.push_back(s.apps[0]);
  s.apps[1].name = "Second";
  auto problems = problems_of(s);
  ASSERT_EQ(problems.size(), 1U);
  EXPECT_EQ(problems[0], "app \"Second\": client_key is already registered.");
}

TEST_F(SeedApply, ConsentMustNameASeededUserAndTheAppsScopes) {
  Seed s = default_seed();
  s.apps[0].consent = HeadlessConsent{"carol", true, {"video.list"}};
  auto problems = problems_of(s);
  ASSERT_EQ(problems.size(), 2U);
  EXPECT_EQ(problems[0], "app \"Sandbox App\": consent names user \"carol\", who is not seeded");
  EXPECT_EQ(problems[1],
            "app \"Sandbox App\": consent scope video.list is not among the app's "
            "scopes");
}

TEST_F(SeedApply, LegacyDomainsFollowTheSeedsFreezeDate) {
  Seed s = default_seed();
  s.apps[0].legacy_domains = {"app.example"};
  auto frozen = problems_of(s);
  ASSERT_EQ(frozen.size(), 1U);
  EXPECT_NE(frozen[0].find("Legacy redirect domains can no longer be added"), std::string::npos);

  MemoryStore fresh;
  OAuthConfig config;
  OAuthContext ctx{fresh, clock_, config, nullptr, "seed-test-server-key-0123456789abcdef"};
  s.sunset.domain_freeze = clock_.now() + 86400;
  apply_sunset(s, config.sunset);
  EXPECT_NO_THROW(apply_seed(ctx, s));
  auto app = fresh.apps().list_apps().at(0);
  EXPECT_EQ(app.legacy_domains, (std::vector<std::string>{"app.example"}));
}

}  // namespace
}  // namespace loginkit::sandbox
