// What `loginkit sandbox` serves when it is given no seed file: enough to run the code flow at
// once (docs/sandbox.md), every user-info field filled.
#include "core/scopes.hpp"
#include "sandbox/seed_file.hpp"
#include "store/records.hpp"

namespace loginkit::sandbox {

Seed default_seed() {
  Seed s;
  s.developer = {"developer@sandbox.loginkit.local", "sandbox-developer-password",
                 "Sandbox Developer"};
  s.users.push_back(SeedUser{"sandbox-user", "sandbox-user-password", "Sandbox User",
                             "https://example.com/sandbox-user.png",
                             "A test user of the loginkit sandbox.", true, 1200, 35, 56000, 12});
  s.apps.push_back(
      SeedApp{.name = "Sandbox App",
              .scopes = parse_scopes("user.info.basic,user.info.profile,user.info.stats"),
              .redirect_uris = {{Platform::kWeb, "https://localhost/callback"},
                                {Platform::kDesktop, "http://127.0.0.1:*/callback"}}});
  return s;
}

}  // namespace loginkit::sandbox
