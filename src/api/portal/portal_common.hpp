#pragma once
#include <optional>
#include <string>

#include "api/api_context.hpp"
#include "api/http_types.hpp"
#include "web/templates.hpp"

namespace loginkit::portal {

struct SignedIn {
  Session session;
  Developer developer;
};

// How the audit trail names a portal change.
inline std::string actor_of(const SignedIn& who) {
  return "developer:" + who.developer.email;
}

std::optional<SignedIn> signed_in(ApiContext& ctx, const Request& req);
Response page(const std::string& name, const std::string& title, const web::Values& values,
              const SignedIn* who, int status = 200);
Response to_signin(const Request& req);
Response forged(const Request& req);  // 403: missing or wrong CSRF token

}  // namespace loginkit::portal
