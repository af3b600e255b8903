#pragma once
// The sandbox's seed file (issue 16): what `loginkit sandbox --seed FILE` puts in its in-memory
// store, so an app team's tests meet their own client_key, secret, redirect URIs and test users.
// Pure parsing: nothing here touches a store (seed_apply.hpp does that).
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "api/sandbox_hooks.hpp"
#include "core/config.hpp"
#include "core/scopes.hpp"
#include "store/records.hpp"

namespace loginkit::sandbox {

// Every problem found, one "FILE:LINE: message" per line of what(), so a team fixes the file in
// one pass instead of one error per run.
class SeedError : public std::runtime_error {
 public:
  explicit SeedError(std::vector<std::string> problems);
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  std::vector<std::string> problems_;
};

struct SeedUser {
  std::string username;
  std::string password;
  std::string display_name;
  std::string avatar_url;
  std::string bio_description;
  bool is_verified = false;
  std::int64_t follower_count = 0;
  std::int64_t following_count = 0;
  std::int64_t likes_count = 0;
  std::int64_t video_count = 0;
};

struct SeedApp {
  std::string name{};
  std::string client_key{};     // empty = generated
  std::string client_secret{};  // empty = generated
  ScopeList scopes{};
  bool login_kit = true;
  bool web = true;
  bool require_pkce_web = false;
  std::vector<RedirectUri> redirect_uris{};
  std::vector<std::string> legacy_domains{};
  std::optional<HeadlessConsent> consent{};  // decided for every authorize of this app
};

struct SeedDeveloper {
  std::string email;
  std::string password;
  std::string name;
};

// The sunset dates to simulate (UTC midnight, Unix seconds); each absent one keeps the config's.
struct SeedSunset {
  std::optional<std::int64_t> v2_for_new_apps;
  std::optional<std::int64_t> domain_freeze;
  std::optional<std::int64_t> v1_web_end_of_life;
};

struct Seed {
  SeedDeveloper developer;
  std::vector<SeedUser> users;
  std::vector<SeedApp> apps;
  SeedSunset sunset;
  std::vector<std::string> hosts;  // empty = the sandbox's default TLS host names
};

// Throws SeedError listing every problem; unknown keys and wrongly typed values are problems.
Seed parse_seed(std::string_view toml_text, const std::string& source_name);
Seed load_seed(const std::filesystem::path& file);
// Without --seed: one developer, one user "sandbox-user" with every field, one app with a
// generated key and secret, no headless consent.
Seed default_seed();
void apply_sunset(const Seed& seed, SunsetConfig& sunset);

}  // namespace loginkit::sandbox
