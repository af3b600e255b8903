// The seed file parser alone: no store. seed_apply_test.cpp puts seeds into one.
#include "sandbox/seed_file.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace loginkit::sandbox {

// The shipped example in deploy/, so the tests read the file that ships. __FILE__ is relative to
// the build directory under Ninja, so the checkout is found by walking up from the test binary
// (and from the working directory) instead.
std::filesystem::path example_seed_path() {
  namespace fs = std::filesystem;
  fs::path wanted = fs::path("deploy") / "sandbox-seed.example.toml";
  std::error_code ec;
  for (const fs::path& start :
       {fs::path(__FILE__), fs::read_symlink("/proc/self/exe", ec), fs::current_path()}) {
    if (!start.is_absolute()) continue;
    for (fs::path dir = start; dir.has_relative_path(); dir = dir.parent_path()) {
      if (fs::exists(dir / wanted, ec)) return dir / wanted;
    }
  }
  return wanted;
}

namespace {

// The problems a file yields, or none when it parses.
std::vector<std::string> problems_of(const std::string& text) {
  try {
    parse_seed(text, "seed.toml");
  } catch (const SeedError& e) {
    return e.problems();
  }
  return {};
}

bool has_problem(const std::vector<std::string>& problems, const std::string& wanted) {
  for (const auto& p : problems) {
    if (p == wanted) return true;
  }
  return false;
}

std::string all(const std::vector<std::string>& problems) {
  std::string out;
  for (const auto& p : problems) out += p + "\n";
  return out;
}

constexpr const char* kUser = R"([[users]]
username = "alice"
password = "alice-password"
)";

TEST(SeedFile, ShippedExampleParses) {
  Seed seed = load_seed(example_seed_path());
  EXPECT_EQ(seed.developer.email, "team@example.com");
  ASSERT_EQ(seed.users.size(), 2U);
  const SeedUser& alice = seed.users[0];
  EXPECT_EQ(alice.username, "alice");
  EXPECT_EQ(alice.display_name, "Alice");
  EXPECT_FALSE(alice.avatar_url.empty());
  EXPECT_FALSE(alice.bio_description.empty());
  EXPECT_TRUE(alice.is_verified);
  EXPECT_EQ(alice.follower_count, 10);
  EXPECT_EQ(alice.following_count, 2);
  EXPECT_EQ(alice.likes_count, 300);
  EXPECT_EQ(alice.video_count, 4);
  ASSERT_EQ(seed.apps.size(), 2U);
  const SeedApp& app = seed.apps[0];
  EXPECT_EQ(app.client_key, "awexamplekey0001");
  EXPECT_EQ(app.scopes, parse_scopes("user.info.basic,user.info.profile,user.info.stats"));
  ASSERT_EQ(app.redirect_uris.size(), 2U);
  EXPECT_EQ(app.redirect_uris[1].platform, Platform::kDesktop);
  ASSERT_TRUE(app.consent);
  EXPECT_EQ(app.consent->username, "alice");
  EXPECT_TRUE(app.consent->approve);
  EXPECT_EQ(app.consent->scopes, parse_scopes("user.info.basic,user.info.profile"));
  EXPECT_TRUE(seed.apps[1].client_key.empty());
  EXPECT_FALSE(seed.apps[1].web_enabled);
  EXPECT_FALSE(seed.apps[1].consent);
  EXPECT_EQ(seed.sunset.v1_web_end_of_life, 1709164800);
}

TEST(SeedFile, UnknownKeysAreErrorsWithTheirLine) {
  auto problems = problems_of(std::string(kUser) + "avatar = \"x\"\n\n[extra]\n");
  EXPECT_TRUE(has_problem(problems, "seed.toml:4: unknown key 'users[0].avatar'")) << all(problems);
  EXPECT_TRUE(has_problem(problems, "seed.toml:6: unknown key 'extra'")) << all(problems);
  auto platform = problems_of("[[apps]]\nname = \"A\"\n[apps.redirect_uris]\nwindows = []\n");
  ASSERT_EQ(platform.size(), 1U);
  EXPECT_EQ(platform[0],
            "seed.toml:4: unknown key 'apps[0].redirect_uris.windows' "
            "(platforms: web, desktop, android, ios)");
}

TEST(SeedFile, TypesAreStrict) {
  auto problems = problems_of(std::string(kUser) +
                              "is_verified = \"yes\"\nfollower_count = 1.5\nlikes_count = -1\n");
  EXPECT_TRUE(
      has_problem(problems, "seed.toml:4: users[0].is_verified must be true or false, not string"))
      << all(problems);
  EXPECT_TRUE(has_problem(
      problems, "seed.toml:5: users[0].follower_count must be an integer, not floating-point"))
      << all(problems);
  EXPECT_TRUE(has_problem(problems, "seed.toml:6: users[0].likes_count must be 0 or more"));
  auto scopes = problems_of("[[apps]]\nname = \"A\"\nscopes = \"user.info.basic\"\n");
  EXPECT_TRUE(
      has_problem(scopes, "seed.toml:3: apps[0].scopes must be a list of strings, not string"))
      << all(scopes);
  auto section = problems_of("developer = \"me\"\n");
  EXPECT_TRUE(has_problem(section, "seed.toml:1: developer must be a table, not string"));
}

TEST(SeedFile, RequiredKeysAndAccountRules) {
  auto problems = problems_of(
      "[developer]\nemail = \"nobody\"\npassword = \"12345678\"\n"
      "\n[[users]]\nusername = \"bob\"\npassword = \"short\"\n"
      "\n[[apps]]\nscopes = []\n");
  EXPECT_TRUE(has_problem(problems, "seed.toml:1: developer: Enter a valid email address."))
      << all(problems);
  EXPECT_TRUE(has_problem(problems, "seed.toml:7: users[0].password needs 8 characters or more"));
  EXPECT_TRUE(has_problem(problems, "seed.toml:9: apps[0].name is required")) << all(problems);
}

TEST(SeedFile, BadDates) {
  auto problems = problems_of(
      "[sunset]\nv1_web_end_of_life = \"2024-02-30\"\n"
      "domain_freeze = \"next week\"\nv2_for_new_apps = 20230512\n");
  EXPECT_EQ(problems.size(), 3U) << all(problems);
  EXPECT_TRUE(has_problem(problems,
                          "seed.toml:2: sunset.v1_web_end_of_life must be a date \"YYYY-MM-DD\""));
  EXPECT_TRUE(
      has_problem(problems, "seed.toml:3: sunset.domain_freeze must be a date \"YYYY-MM-DD\""));
}

TEST(SeedFile, SunsetDatesReachTheConfig) {
  // Quoted as in the server's config, or a bare TOML date.
  Seed seed = parse_seed(
      "[sunset]\nv1_web_end_of_life = \"2030-01-02\"\ndomain_freeze = 2029-12-31\n", "seed.toml");
  SunsetConfig sunset;
  std::int64_t v2_default = sunset.v2_for_new_apps;
  apply_sunset(seed, sunset);
  EXPECT_EQ(sunset.v1_web_end_of_life, 1893542400);  // 2030-01-02T00:00:00Z
  EXPECT_EQ(sunset.domain_freeze, 1893369600);       // 2029-12-31T00:00:00Z
  EXPECT_EQ(sunset.v2_for_new_apps, v2_default);
}

TEST(SeedFile, RedirectUrisGetTheRegistryMessagesWithTheirLine) {
  auto problems = problems_of(
      "[[apps]]\nname = \"A\"\n[apps.redirect_uris]\nweb = [\"http://app.example/cb\"]\n"
      "desktop = [\"http://example.com:*/cb\",\n  \"http://localhost:8080/cb?x=1\"]\nios = [1]\n");
  EXPECT_TRUE(
      has_problem(problems, "seed.toml:4: apps[0].redirect_uris.web: Redirect URI must use https."))
      << all(problems);
  EXPECT_TRUE(has_problem(problems,
                          "seed.toml:5: apps[0].redirect_uris.desktop: Desktop redirect URI host "
                          "must be localhost or 127.0.0.1."))
      << all(problems);
  EXPECT_TRUE(has_problem(problems,
                          "seed.toml:6: apps[0].redirect_uris.desktop: Redirect URI must not "
                          "contain a query (not even a bare \"?\")."))
      << all(problems);
  EXPECT_TRUE(has_problem(
      problems, "seed.toml:7: apps[0].redirect_uris.ios[0] must be a string, not integer"));
}

TEST(SeedFile, DuplicatesAreErrors) {
  auto problems = problems_of(std::string(kUser) + "\n" + kUser +
                              "\n[[apps]]\nname = \"A\"\nclient_key = \"awsame0001\"\n"
                              "\n[[apps]]\nname = \"B\"\nclient_key = \"awsame0001\"\n");
  EXPECT_TRUE(has_problem(problems, "seed.toml:6: users[1].username \"alice\" appears twice"))
      << all(problems);
  EXPECT_TRUE(
      has_problem(problems, "seed.toml:15: apps[1].client_key \"awsame0001\" appears twice"))
      << all(problems);
}

TEST(SeedFile, ConsentIsChecked) {
  auto problems = problems_of(std::string(kUser) +
                              "[[apps]]\nname = \"A\"\nscopes = [\"user.info.profile\"]\n"
                              "[apps.consent]\nuser = \"carol\"\ndecision = \"maybe\"\n"
                              "scopes = [\"user.info.basic\", \"video.list\"]\n");
  EXPECT_TRUE(has_problem(problems,
                          "seed.toml:8: apps[0].consent.user: no [[users]] entry has username "
                          "\"carol\""))
      << all(problems);
  EXPECT_TRUE(has_problem(problems,
                          "seed.toml:9: apps[0].consent.decision must be \"approve\" or \"deny\""));
  EXPECT_TRUE(has_problem(problems,
                          "seed.toml:10: apps[0].consent.scopes: video.list is not among the "
                          "app's scopes"));
  Seed deny = parse_seed(std::string(kUser) +
                             "[[apps]]\nname = \"A\"\n[apps.consent]\nuser = \"alice\"\n"
                             "decision = \"deny\"\n",
                         "seed.toml");
  ASSERT_TRUE(deny.apps[0].consent);
  EXPECT_FALSE(deny.apps[0].consent->approve);
  EXPECT_TRUE(deny.apps[0].consent->scopes.empty());
}

TEST(SeedFile, UnknownScopeInTheRegistrysWords) {
  auto problems =
      problems_of("[[apps]]\nname = \"A\"\nscopes = [\"user.info.basic\", \"video.delete\"]\n");
  ASSERT_EQ(problems.size(), 1U);
  EXPECT_EQ(problems[0], "seed.toml:3: apps[0].scopes: Unknown scope: video.delete.");
}

TEST(SeedFile, HostsOverride) {
  Seed seed =
      parse_seed("[sandbox]\nhosts = [\"www.tiktok.com\", \"open.tiktokapis.com\"]\n", "seed.toml");
  EXPECT_EQ(seed.hosts, (std::vector<std::string>{"www.tiktok.com", "open.tiktokapis.com"}));
  EXPECT_TRUE(parse_seed("", "seed.toml").hosts.empty());
  auto problems = problems_of("[sandbox]\nhosts = [\"a b\"]\n");
  EXPECT_TRUE(has_problem(problems, "seed.toml:2: sandbox.hosts: \"a b\" is not a host name"));
  EXPECT_EQ(problems_of("[sandbox]\nhosts = []\n").size(), 1U);
}

TEST(SeedFile, SyntaxErrorNamesItsLine) {
  auto problems = problems_of("[[users]]\nusername = \"alice\n");
  ASSERT_EQ(problems.size(), 1U);
  EXPECT_EQ(problems[0].rfind("seed.toml:2: ", 0), 0U) << problems[0];
}

TEST(SeedFile, MissingFileIsASeedError) {
  EXPECT_THROW(load_seed("/nonexistent/seed.toml"), SeedError);
}

TEST(SeedFile, DefaultSeedHasEveryUserField) {
  Seed seed = default_seed();
  ASSERT_EQ(seed.users.size(), 1U);
  const SeedUser& u = seed.users[0];
  EXPECT_EQ(u.username, "sandbox-user");
  EXPECT_FALSE(u.display_name.empty() || u.avatar_url.empty() || u.bio_description.empty());
  EXPECT_TRUE(u.is_verified);
  EXPECT_GT(u.follower_count * u.following_count * u.likes_count * u.video_count, 0);
  ASSERT_EQ(seed.apps.size(), 1U);
  EXPECT_TRUE(seed.apps[0].client_key.empty());
  EXPECT_TRUE(seed.apps[0].client_secret.empty());
  EXPECT_FALSE(seed.apps[0].consent);
}

}  // namespace
}  // namespace loginkit::sandbox
