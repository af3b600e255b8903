#pragma once
// The request limits of the token, revoke and introspection endpoints (v1 and v2). Two limiters,
// one choke point:
// - the client's request quota (limits.token_per_client / revoke_per_client) counts only requests
//   whose client authenticated, so a stranger naming someone else's client_key cannot spend it;
// - failed client authentications count per (client key, source address)
//   (limits.wrong_secret_per_client_address), so guessing is slowed down where it comes from
//   without locking the real client out everywhere else.
// The quota slot is reserved before any work. The failure slot is reserved by client
// authentication itself (ClientAuthGate), after the client's row is read and just before the secret
// is compared, and given back at once when it matches: nothing yields in between, so concurrent
// guesses are all counted before any is judged, and a busy client's requests in flight (waiting
// for a read or a commit) never hold a failure slot. A key already over the limit is refused before
// anything is read.
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "api/api_context.hpp"
#include "api/http_types.hpp"
#include "core/error.hpp"
#include "core/form.hpp"
#include "oauth/token_endpoint.hpp"

namespace loginkit {

enum class ClientOutcome {
  kAuthenticated,     // the client proved itself: the request spends its quota
  kWrongCredential,   // unknown client_key or wrong secret: a failure
  kNotAuthenticated,  // refused before the client proved anything: counts nowhere
};

class ClientAdmission final : public ClientAuthGate {
 public:
  ClientAdmission(RateLimiter::Reservation quota, RateLimiter& failures, std::string failure_key)
      : quota_(std::move(quota)), failures_(&failures), failure_key_(std::move(failure_key)) {}
  ClientAdmission(ClientAdmission&&) = default;
  ClientAdmission(const ClientAdmission&) = delete;
  ClientAdmission& operator=(const ClientAdmission&) = delete;
  ClientAdmission& operator=(ClientAdmission&&) = delete;
  // Unsettled (an exception): neither slot counts.
  ~ClientAdmission() { settle(ClientOutcome::kNotAuthenticated); }
  // Keeps the quota slot for an authenticated client, the failure slot for a wrong credential;
  // the first call decides.
  void settle(ClientOutcome outcome);

  std::int64_t admit_attempt() override;
  // Idempotent.
  void client_authenticated() override { failure_.release(); }
  // The seconds to wait when the failure limit refused to judge this request's credentials (the
  // answer is then a rate-limit answer, not the grant's), else 0.
  std::int64_t refused() const { return refused_; }

 private:
  RateLimiter::Reservation quota_, failure_;
  RateLimiter* failures_;
  std::string failure_key_;
  std::int64_t refused_ = 0;
  bool settled_ = false;
};

// Reserves the request's quota slot and readies its failure slot, or the seconds to wait (429 / the
// v1 rate-limit answer). `quota` null: the endpoint has no request quota (introspection), only the
// wrong-secret limit.
std::variant<ClientAdmission, std::int64_t> admit_client(ApiContext& ctx, RateLimiter* quota,
                                                         std::string_view client_key,
                                                         const Request& req);

// How a v2 token or revoke request's client fared (`error` null = success). Only an error that
// does not itself say costs a second look: the client is authenticated again, off the hot path.
ClientOutcome v2_client_outcome(ApiContext& ctx, const TokenForm& form, const OAuthError* error);
// The same for v1 access_token and refresh_token (parameters from the query and the body).
ClientOutcome v1_client_outcome(ApiContext& ctx, const Params& params, const OAuthError* error);

}  // namespace loginkit
