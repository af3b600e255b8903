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
#include "oauth/app_registry.hpp"
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

// A user as the store keeps it (the profile the seed fills in), plus the password to hash.
struct SeedUser : User {
  std::string password;
};

// An app as the registry creates it (the developer filled in when applied; an empty client_key
// or client_secret is generated), plus the consent decided for every authorize of it.
struct SeedApp : NewApp {
  std::optional<HeadlessConsent> consent{};
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
