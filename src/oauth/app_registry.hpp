#pragma once
// App registration (SPEC §1): the operations the CLI, the admin API and the portal share, so
// every entry point enforces the same rules and saves nothing on error.
#include <optional>
#include <string>
#include <vector>

#include "oauth/context.hpp"

namespace loginkit {

struct NewApp {
  std::string name;
  Id developer_id = 0;
  ScopeList scopes;
  bool login_kit = true;
  bool web_enabled = true;
  bool require_pkce_web = false;
  std::vector<RedirectUri> redirect_uris;
  std::vector<std::string> legacy_domains{};
  // Empty = generated. The sandbox seeds a team's own key and secret so their app's
  // configuration needs no change (issue 16); the same rules apply to both.
  std::string client_key{};
  std::string client_secret{};
};

struct RegistryOutcome {
  std::string error;                  // empty on success, else a short code
  std::vector<std::string> messages;  // one per broken rule
  App app;
  std::string client_secret;  // plain, only right after creation or rotation
  bool ok() const { return error.empty(); }
};

// `actor` names who made the change ("admin", "cli", "developer:<email>"); every successful
// change is written to the app's audit trail.
RegistryOutcome create_app(OAuthContext& ctx, const std::string& actor, const NewApp& spec);
RegistryOutcome rotate_secret(OAuthContext& ctx, const std::string& actor, App app);
RegistryOutcome add_redirect_uri(OAuthContext& ctx, const std::string& actor, App app,
                                 Platform platform, const std::string& uri);
// Edits one URI in place: the new value must pass every rule as if the old one were gone.
RegistryOutcome replace_redirect_uri(OAuthContext& ctx, const std::string& actor, App app,
                                     Platform platform, const std::string& old_uri,
                                     const std::string& uri);
RegistryOutcome remove_redirect_uri(OAuthContext& ctx, const std::string& actor, App app,
                                    Platform platform, const std::string& uri);
// SPEC §5: adding is refused after the freeze date; removing stays allowed.
RegistryOutcome add_legacy_domain(OAuthContext& ctx, const std::string& actor, App app,
                                  const std::string& domain);
RegistryOutcome remove_legacy_domain(OAuthContext& ctx, const std::string& actor, App app,
                                     const std::string& domain);
RegistryOutcome set_scopes(OAuthContext& ctx, const std::string& actor, App app,
                           const ScopeList& scopes);
// Each switch left empty keeps the app's current (freshly read) value, so a request that changes
// one switch cannot write back a stale value of another.
RegistryOutcome set_login_kit(OAuthContext& ctx, const std::string& actor, App app,
                              std::optional<bool> login_kit, std::optional<bool> web,
                              std::optional<bool> require_pkce_web);

}  // namespace loginkit
