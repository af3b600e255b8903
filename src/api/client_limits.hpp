#pragma once
// The request limits of the token, revoke and introspection endpoints (v1 and v2). Two limiters,
// one choke point:
// - the client's request quota (limits.token_per_client / revoke_per_client) counts only requests
//   whose client authenticated, so a stranger naming someone else's client_key cannot spend it;
// - failed client authentications count per (client key, source address)
//   (limits.wrong_secret_per_client_address), so guessing is slowed down where it comes from
//   without locking the real client out everywhere else.
// Both slots are reserved before any work (atomic admission), so concurrent guesses cannot all be
// checked before any is counted. The failure slot is given back the moment the client's secret
// matches (client_authenticated, before the grant's durable work), so a busy client's requests in
// flight at once are bounded by its quota, not by the failure limit; the rest settles by outcome.
#include <cstdint>
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

class ClientAdmission final : public ClientAuthObserver {
 public:
  ClientAdmission(RateLimiter::Reservation quota, RateLimiter::Reservation wrong)
      : quota_(std::move(quota)), wrong_(std::move(wrong)) {}
  ClientAdmission(ClientAdmission&&) = default;
  ClientAdmission(const ClientAdmission&) = delete;
  ClientAdmission& operator=(const ClientAdmission&) = delete;
  ClientAdmission& operator=(ClientAdmission&&) = delete;
  // Unsettled (an exception): neither slot counts.
  ~ClientAdmission() { settle(ClientOutcome::kNotAuthenticated); }
  // Keeps the quota slot for an authenticated client, the failure slot for a wrong credential;
  // the first call decides.
  void settle(ClientOutcome outcome);
  // The secret matched: this request is no failure, whatever happens next. Idempotent.
  void client_authenticated() override { wrong_.release(); }

 private:
  RateLimiter::Reservation quota_, wrong_;
  bool settled_ = false;
};

// Reserves the request's slots, or the seconds to wait (429 / the v1 rate-limit answer). `quota`
// null: the endpoint has no request quota (introspection), only the wrong-secret limit.
std::variant<ClientAdmission, std::int64_t> admit_client(ApiContext& ctx, RateLimiter* quota,
                                                         std::string_view client_key,
                                                         const Request& req);

// How a v2 token or revoke request's client fared (`error` null = success). Only an error that
// does not itself say costs a second look: the client is authenticated again, off the hot path.
ClientOutcome v2_client_outcome(ApiContext& ctx, const TokenForm& form, const OAuthError* error);
// The same for v1 access_token and refresh_token (parameters from the query and the body).
ClientOutcome v1_client_outcome(ApiContext& ctx, const Params& params, const OAuthError* error);

}  // namespace loginkit
