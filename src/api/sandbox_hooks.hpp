#pragma once
// What `loginkit sandbox` adds to the server (issue 16), seen from the endpoints. `serve` leaves
// ApiContext::sandbox null and none of this runs; the sandbox module (src/sandbox) implements it.
// Declared here, below the sandbox module, so the endpoints call it without depending on it.
#include <optional>
#include <string>
#include <vector>

#include "api/http_types.hpp"
#include "store/records.hpp"

namespace loginkit {

struct ApiContext;

// A consent decided without a browser: sign `username` in and approve (the requested scopes,
// narrowed to `scopes` when not empty) or deny.
struct HeadlessConsent {
  std::string username;
  bool approve = true;
  std::vector<std::string> scopes;  // empty = every requested scope
};

class SandboxHooks {
 public:
  virtual ~SandboxHooks() = default;
  // Before routing a public request: an armed fault's answer for this endpoint (already
  // delayed when the fault asks for a delay), or nullopt to serve the request normally. A delay
  // fault with no error sleeps and then returns nullopt.
  virtual std::optional<Response> fault_for(ApiContext& ctx, const Request& req) = 0;
  // At authorize, once every check has passed: a consent decided for this app (its seed entry)
  // or this request (`login_hint=sandbox:<user>[:approve|:deny][:scope,scope]`), or nullopt to
  // show the pages.
  virtual std::optional<HeadlessConsent> headless_consent(const App& app, const Params& params) = 0;
  // After every public answer: what the inspector page lists.
  virtual void observe(const Request& req, const Response& res) = 0;
  // `/admin/v1/sandbox/...` on the operations listener.
  virtual Response admin(ApiContext& ctx, const Request& req) = 0;
  // The inspector's HTML body for one app (the portal wraps it in its layout).
  virtual Response inspector(ApiContext& ctx, const Request& req, const App& app) = 0;
};

}  // namespace loginkit
