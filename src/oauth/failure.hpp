#pragma once
// What can go wrong in the protocol, as a typed value. The protocol says which failure happened;
// each dialect (oauth/dialect.hpp) says how it looks on the wire: v2 RFC 6749 error JSON, v1 the
// numbered envelope of SPEC §3.
#include <string>

namespace loginkit {

enum class Fail {
  kMalformed,             // the parameters could not be read; subject: a wording of its own
  kMissingParameter,      // subject: the parameter's name
  kUnsupportedGrantType,  // subject: the grant type sent
  kWrongGrantType,        // a v1 endpoint serves one grant type; subject: that one
  kClientUnknown,         // no client key sent, or not a known one
  kClientSecretWrong,
  kNotPermitted,  // the sunset policy refused the call; subject: why, debug: the rule
  kRateLimited,   // subject: the seconds to wait
  kCodeInvalid,   // unknown, expired, revoked, of another client or of the other version
  kCodeReplayed,
  kRedirectUriMismatch,
  kVerifierMismatch,
  kRefreshInvalid,  // unknown, expired, revoked, rotated, of another client or version
  kAccessTokenInvalid,
  kOpenIdMismatch,
};

struct Failure {
  Fail kind;
  std::string subject;
  std::string debug;  // log only
};

}  // namespace loginkit
