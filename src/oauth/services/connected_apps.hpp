#pragma once
// The apps an end user has let in (their consents), and disconnecting one. Disconnecting revokes
// exactly what the revoke endpoint does (SPEC §2.3): every grant of the pair, with its tokens.
#include <optional>
#include <string>
#include <vector>

#include "oauth/context.hpp"

namespace loginkit::services {

struct ConnectedApp {
  std::string name;
  std::string client_key;
  ScopeList scopes;  // what the user consented to
};

struct ConnectedApps {
  std::optional<User> user;
  std::vector<ConnectedApp> apps;  // consents whose app is gone are left out
};

ConnectedApps connected_apps(OAuthContext& ctx, Id user_id);

// Disconnects the app and writes the audit line; false (nothing done) when no app has the key.
bool disconnect_app(OAuthContext& ctx, Id user_id, const std::string& client_key);

}  // namespace loginkit::services
