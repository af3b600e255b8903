#include "oauth/dialect.hpp"

#include "core/metrics.hpp"
#include "oauth/dialects/v1_dialect.hpp"
#include "oauth/dialects/v2_dialect.hpp"

namespace loginkit {

std::string Dialect::metric_label() const {
  return label("api_version", std::to_string(version()));
}

OAuthError Dialect::refuse(const PolicyRefusal& refusal, CallTrace& trace) const {
  trace.outcome = "refused";
  return fail(Fail::kNotPermitted, refusal.message, refusal.rule);
}

const Dialect& v1_dialect() {
  static const V1Dialect kV1;
  return kV1;
}

const Dialect& v2_dialect() {
  static const V2Dialect kV2;
  return kV2;
}

const Dialect& dialect_of(int api_version) {
  return api_version == 1 ? v1_dialect() : v2_dialect();
}

}  // namespace loginkit
