#pragma once
// Puts a parsed seed into the sandbox's store through the same code paths as the portal and the
// admin API (accounts, app registry), so a seeded app obeys every rule a registered one does.
#include <optional>
#include <string>
#include <vector>

#include "api/sandbox_hooks.hpp"
#include "oauth/context.hpp"
#include "sandbox/seed_file.hpp"

namespace loginkit::sandbox {

struct SeededApp {
  Id app_id = 0;
  std::string name;
  std::string client_key;
  std::string client_secret;  // plain: the configured one, or the generated one to print
  std::optional<HeadlessConsent> consent;
  std::vector<RedirectUri> redirect_uris;
};

struct SeedResult {
  std::vector<SeededApp> apps;
  SeedDeveloper developer;
  std::vector<std::string> usernames;
};

// Creates the developer, the users and the apps (audited as "sandbox-seed"). Apply the seed's
// sunset dates (apply_sunset) to ctx.config first: legacy domains are refused after the freeze.
// Throws SeedError listing every refusal, each naming its app or user; the store is then only
// partly seeded and meant to be thrown away.
SeedResult apply_seed(OAuthContext& ctx, const Seed& seed);

}  // namespace loginkit::sandbox
