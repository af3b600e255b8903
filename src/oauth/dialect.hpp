#pragma once
// One protocol, two dialects. The protocol (authorize checks, grant handlers, client
// authentication, revoke, user info) is written once; a dialect renders typed failures out in its
// version's wire format and holds the rules that differ between SPEC §2 (v2) and SPEC §3 (v1):
// redirect-URI matching, PKCE, token lifetimes, the sunset policy (v1 only), which grant types
// exist, and "no mixing" (a code or token of the other version is refused).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "oauth/context.hpp"
#include "oauth/failure.hpp"
#include "oauth/redirect_uri.hpp"
#include "oauth/sunset.hpp"

namespace loginkit {

class GrantRegistry;

// The failed-authentication limit, asked by client authentication at the one point where nothing
// yields between judging an attempt and counting it: after the client's row is read, just before
// the secret is compared. So requests in flight (waiting for a read or a commit) never hold a
// failure slot, and concurrent guesses are all counted before any is judged. The api layer keeps
// the count (api/client_limits.hpp).
class ClientAuthGate {
 public:
  // An attempt is about to be judged (once per request): 0 = judge it, and it counts as a failure
  // until client_authenticated(); else the seconds to wait, and it is not judged.
  virtual std::int64_t admit_attempt() = 0;
  // The secret matched: the attempt is no failure, whatever the grant's work says next.
  virtual void client_authenticated() = 0;

 protected:
  ~ClientAuthGate() = default;
};

// Who and what a call was about, once known: the per-app migration counters of SPEC §5 read it.
struct CallTrace {
  std::string endpoint;
  std::optional<Id> app_id{};
  std::string platform = "unknown";
  std::string outcome = "failed";  // "accepted", "refused" (sunset policy) or "failed"
  ClientAuthGate* gate = nullptr;  // null: nobody listens
};

class Dialect {
 public:
  virtual ~Dialect() = default;

  virtual int version() const = 0;
  // SPEC §3 no mixing: whether a code or token minted under `api_version` belongs here.
  bool owns(int api_version) const { return api_version == version(); }
  // The api_version="N" label of every protocol metric.
  std::string metric_label() const;

  // Typed failures out.
  virtual OAuthError render(const Failure& failure) const = 0;
  OAuthError fail(Fail kind, std::string subject = {}, std::string debug = {}) const {
    return render(Failure{kind, std::move(subject), std::move(debug)});
  }

  // Per-version rules.
  virtual std::optional<RedirectTarget> match_redirect_uri(const App& app,
                                                           std::string_view uri) const = 0;
  virtual bool uses_pkce() const = 0;  // v1 has no PKCE (SPEC §3)
  // v2 requires the authorized redirect_uri at the token endpoint; v1 checks it only when sent.
  virtual bool requires_redirect_uri_at_token() const = 0;
  virtual std::int64_t access_ttl(const OAuthConfig& config) const = 0;
  virtual std::int64_t refresh_ttl(const OAuthConfig& config) const = 0;
  // SPEC §5: rules that depend only on the app, then those that depend on the flow's platform.
  virtual std::optional<PolicyRefusal> app_refusal(const OAuthContext& ctx,
                                                   const App& app) const = 0;
  virtual std::optional<PolicyRefusal> flow_refusal(const OAuthContext& ctx, const App& app,
                                                    Platform platform) const = 0;
  // Which grant types exist in this version.
  virtual const GrantRegistry& grants() const = 0;
  // Where the consent form posts back to.
  virtual std::string_view authorize_path() const = 0;
  // Durable per-app call counters (SPEC §5); v2 keeps none.
  virtual void record_call(OAuthContext& ctx, const CallTrace& trace) const = 0;

  // A sunset refusal as a failure, marking the trace refused.
  OAuthError refuse(const PolicyRefusal& refusal, CallTrace& trace) const;
};

const Dialect& v1_dialect();
const Dialect& v2_dialect();
// The dialect of an api version number as routes name it (1 or 2).
const Dialect& dialect_of(int api_version);

}  // namespace loginkit
