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
  SeedUser user;
  user.username = "sandbox-user";
  user.password = "sandbox-user-password";
  user.display_name = "Sandbox User";
  user.avatar_url = "https://example.com/sandbox-user.png";
  user.bio_description = "A test user of the loginkit sandbox.";
  user.is_verified = true;
  user.follower_count = 1200;
  user.following_count = 35;
  user.likes_count = 56000;
  user.video_count = 12;
  s.users.push_back(std::move(user));
  SeedApp app;
  app.name = "Sandbox App";
  app.scopes = parse_scopes("user.info.basic,user.info.profile,user.info.stats");
  app.redirect_uris = {{Platform::kWeb, "https://localhost/callback"},
                       {Platform::kDesktop, "http://127.0.0.1:*/callback"}};
  s.apps.push_back(std::move(app));
  return s;
}

}  // namespace loginkit::sandbox
