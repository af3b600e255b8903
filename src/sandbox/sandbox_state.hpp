#pragma once
// The sandbox's live state (issue 16) behind api/sandbox_hooks.hpp: armed faults, headless
// consent, the request inspector, and the admin routes under /admin/v1/sandbox/. One instance
// serves every request thread of `loginkit sandbox` and outlives configuration reloads.
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "api/sandbox_hooks.hpp"
#include "sandbox/faults.hpp"
#include "sandbox/inspector.hpp"

namespace loginkit::sandbox {

// What an authorize request's login_hint says to the sandbox.
struct LoginHint {
  std::optional<HeadlessConsent> consent;  // a well-formed sandbox hint
  std::string problem;  // the hint addresses the sandbox ("sandbox:…") but is malformed: why
};
// `sandbox:<username>[:approve|:deny][:<scope>,<scope>…]`; any other hint is not the sandbox's
// (no consent, no problem).
LoginHint read_login_hint(std::string_view hint);

class SandboxState final : public SandboxHooks {
 public:
  // `consents`: the seed's headless consent per client key.
  explicit SandboxState(std::map<std::string, HeadlessConsent> consents = {});

  // Sets (replaces) an app's seeded headless consent; thread-safe.
  void set_app_consent(const std::string& client_key, HeadlessConsent consent);

  std::optional<Response> fault_for(ApiContext& ctx, const Request& req) override;
  std::optional<HeadlessConsent> headless_consent(const App& app, const Params& params) override;
  void observe(const Request& req, const Response& res) override;
  Response admin(ApiContext& ctx, const Request& req) override;
  Response inspector(ApiContext& ctx, const Request& req, const App& app) override;

  FaultBoard& faults() { return faults_; }
  const Inspector& requests() const { return inspector_; }

 private:
  // What fault_for learnt about a request that observe needs: the app it belongs to when the
  // request names none itself (user info, v1 revoke: only a token), and what a fault did.
  struct Pending {
    std::string client_key;
    std::string fault;
  };
  static constexpr std::size_t kMaxPending = 4096;

  void remember(const Request& req, Pending pending);
  std::optional<Pending> recall(const Request& req);
  // The endpoint's next fault that applies to this request, spent, with the answer it makes.
  std::optional<std::pair<ArmedFault, std::optional<Response>>> next_fault(ApiContext& ctx,
                                                                           const Request& req,
                                                                           const FaultEndpoint& ep);
  Response faults_route(const Request& req, const boost::json::object& body);

  FaultBoard faults_;
  Inspector inspector_;
  std::mutex mu_;  // consents_ and pending_
  std::map<std::string, HeadlessConsent> consents_;
  std::map<std::string, Pending> pending_;  // by log id
};

}  // namespace loginkit::sandbox
