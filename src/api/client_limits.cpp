#include "api/client_limits.hpp"

#include <string>
#include <utility>

#include "oauth/client_auth.hpp"
#include "oauth/v1_api.hpp"

namespace loginkit {

void ClientAdmission::settle(ClientOutcome outcome) {
  if (std::exchange(settled_, true)) return;
  if (outcome != ClientOutcome::kAuthenticated) quota_.release();
  if (outcome != ClientOutcome::kWrongCredential) failure_.release();
}

std::int64_t ClientAdmission::admit_attempt() {
  failure_ = failures_->acquire(failure_key_);
  refused_ = failure_.retry_after();
  return refused_;
}

std::variant<ClientAdmission, std::int64_t> admit_client(ApiContext& ctx, RateLimiter* quota,
                                                         std::string_view client_key,
                                                         const Request& req) {
  // The address goes first with its length, so no (key, address) pair can spell another.
  std::string pair = std::to_string(req.remote_address.size()) + ":" + req.remote_address;
  pair.append(client_key);
  // Counts nothing: the attempt itself is counted when it is judged (ClientAdmission).
  if (std::int64_t wait = ctx.wrong_secret_limit.retry_after(pair); wait > 0) return wait;
  RateLimiter::Reservation slot;
  if (quota) slot = quota->acquire("client:" + std::string(client_key));
  if (!slot.admitted()) return slot.retry_after();
  return ClientAdmission(std::move(slot), ctx.wrong_secret_limit, std::move(pair));
}

ClientOutcome v2_client_outcome(ApiContext& ctx, const TokenForm& form, const OAuthError* error) {
  if (!error) return ClientOutcome::kAuthenticated;
  if (error->code == "invalid_client") return ClientOutcome::kWrongCredential;
  if (form.unreadable || !form.credentials) return ClientOutcome::kNotAuthenticated;
  CallTrace trace;
  return authenticate_client(ctx.oauth, v2_dialect(), form.credentials.value(),
                             SecretCheck::kRequired, trace)
             ? ClientOutcome::kAuthenticated
             : ClientOutcome::kNotAuthenticated;
}

ClientOutcome v1_client_outcome(ApiContext& ctx, const Params& params, const OAuthError* error) {
  if (!error) return ClientOutcome::kAuthenticated;
  int code = v1_error_code(*error);
  if (code == v1code::kClientKeyUnknown || code == v1code::kClientSecretWrong) {
    return ClientOutcome::kWrongCredential;
  }
  // v1 refresh carries no secret (SPEC §3): its client never authenticates, so only a success
  // spends the quota there.
  return authenticate_client(ctx.oauth, params, std::nullopt) ? ClientOutcome::kAuthenticated
                                                              : ClientOutcome::kNotAuthenticated;
}

}  // namespace loginkit
