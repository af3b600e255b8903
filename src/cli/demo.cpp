// `loginkit demo seed`: the demo developer, app and end user of the README's first command.
#include <iostream>

#include "cli/admin_commands.hpp"
#include "cli/environment.hpp"
#include "core/crypto.hpp"
#include "core/form.hpp"
#include "core/password.hpp"
#include "oauth/app_registry.hpp"

namespace loginkit::cli {
namespace {

constexpr const char* kDevEmail = "demo-developer@loginkit.local";
constexpr const char* kDevPassword = "demo-developer-password";
constexpr const char* kUser = "demo";
constexpr const char* kUserPassword = "demo-password";
constexpr const char* kAppName = "Demo App";
constexpr const char* kRedirect = "https://example.com/loginkit/callback";

}  // namespace

int demo_command(const Args& args) {
  if (args.word(1) != "seed") {
    std::cerr << "usage: loginkit demo seed [--data DIR] [--base-url URL]\n";
    return 2;
  }
  Config config = load_config(args);
  auto store = open_store(config);
  SystemClock clock;
  OAuthContext ctx{*store, clock, config.oauth, nullptr, load_server_key(config, *store)};
  UnixSeconds now = clock.now();

  auto dev = store->developers().find_developer_by_email(kDevEmail);
  Id dev_id = dev ? dev->id
                  : store->developers().create_developer(Developer{
                        0, kDevEmail, "Demo Developer", password::hash(kDevPassword), now});
  if (!store->users().find_user_by_name(kUser)) {
    User u;
    u.username = kUser;
    u.password_hash = password::hash(kUserPassword);
    u.display_name = "Demo User";
    u.bio_description = "I only exist on this machine.";
    u.follower_count = 42;
    u.created_at = now;
    store->users().create_user(u);
  }
  std::optional<App> app;
  for (auto& a : store->apps().list_apps()) {
    if (a.developer_id == dev_id && a.name == kAppName) app = a;
  }
  RegistryOutcome out;
  if (!app) {
    NewApp spec{kAppName,
                dev_id,
                parse_scopes("user.info.basic,user.info.profile,user.info.stats"),
                true,
                true,
                false,
                {{Platform::kWeb, kRedirect}},
                {}};
    out = create_app(ctx, "demo", spec);
  } else {
    // The secret is stored only as a hash, so a re-run issues a fresh one to print.
    out = rotate_secret(ctx, "demo", *app);
  }
  if (!out.ok()) {
    for (auto& m : out.messages) std::cerr << "error: " << m << "\n";
    return 1;
  }
  std::string base = args.get("base-url").value_or("http://" + config.http.listen);
  std::string authorize =
      base + "/v2/auth/authorize/?" +
      encode_form({{"client_key", out.app.client_key},
                   {"response_type", "code"},
                   {"scope", "user.info.basic,user.info.profile"},
                   {"redirect_uri", kRedirect},
                   {"state", "demo-" + crypto::base64url(crypto::random_bytes(6))}});
  std::cout << "\n=== loginkit demo ===\n"
            << "End user:      " << kUser << " / " << kUserPassword << "\n"
            << "Developer:     " << kDevEmail << " / " << kDevPassword << "\n"
            << "App:           " << kAppName << "\n"
            << "client_key:    " << out.app.client_key << "\n"
            << "client_secret: " << out.client_secret << "\n"
            << "redirect_uri:  " << kRedirect << "\n\n"
            << "Open this in a browser, sign in and approve:\n  " << authorize << "\n\n"
            << "Then exchange the code from the address bar:\n"
            << "  curl -s " << base << "/v2/oauth/token/ \\\n"
            << "    -d client_key=" << out.app.client_key
            << " -d client_secret=" << out.client_secret
            << " \\\n    -d grant_type=authorization_code --data-urlencode redirect_uri="
            << kRedirect << " \\\n    -d code=PASTE_CODE_HERE\n\n";
  return 0;
}

}  // namespace loginkit::cli
