#include "oauth/grants/authorization_code.hpp"
#include "oauth/grants/client_credentials.hpp"
#include "oauth/grants/grant_handler.hpp"
#include "oauth/grants/refresh_token.hpp"

namespace loginkit {

GrantRegistry make_v2_grants() {
  GrantRegistry r;
  r.add("authorization_code", std::make_unique<AuthorizationCodeGrant>());
  r.add("refresh_token", std::make_unique<RefreshTokenGrant>());
  r.add("client_credentials", std::make_unique<ClientCredentialsGrant>());
  return r;
}

GrantRegistry make_v1_grants() {
  GrantRegistry r;
  r.add("authorization_code", std::make_unique<AuthorizationCodeGrant>());
  r.add("refresh_token", std::make_unique<RefreshTokenGrant>());
  return r;
}

}  // namespace loginkit
