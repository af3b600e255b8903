#pragma once
#include <string>
#include <vector>

#include "api/portal/portal_common.hpp"

namespace loginkit::portal {

// What a refused form left behind, to show inline beside its field.
struct PageErrors {
  std::string platform;  // redirect-URI form that failed (empty = none)
  std::string old_uri;   // set when an edit failed
  std::string value;     // what the developer typed
  std::vector<std::string> messages;
  std::string domain_value;
  std::vector<std::string> domain_messages;
};

Response apps_list(ApiContext& ctx, const Request& req, const SignedIn& who,
                   const std::string& create_error = {});
Response create_app_page(ApiContext& ctx, const Request& req, const SignedIn& who,
                         const Params& form);
Response secret_page(const App& app, const std::string& secret, const std::string& heading,
                     const SignedIn& who);
Response app_page(ApiContext& ctx, const SignedIn& who, const App& app,
                  const PageErrors& errors = {}, int status = 200);

}  // namespace loginkit::portal
