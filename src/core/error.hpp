#pragma once
// Errors as values (after fosite's RFC6749Error): what the wire shows, plus a debug detail that
// only ever reaches the server log.
#include <string>
#include <utility>
#include <variant>

namespace loginkit {

struct OAuthError {
  std::string code;         // wire error code, e.g. "invalid_grant"
  std::string description;  // wire error_description
  std::string debug;        // log only; never sent to a client
  int http_status = 400;    // RFC 6749 §5.2 status; the api layer may override (SPEC §2.2)
};

inline OAuthError make_error(std::string code, std::string description, int status = 400,
                             std::string debug = {}) {
  return OAuthError{std::move(code), std::move(description), std::move(debug), status};
}

// A minimal std::expected stand-in (GCC 12 has none in C++20).
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}           // NOLINT: implicit by design
  Result(OAuthError error) : v_(std::move(error)) {}  // NOLINT: implicit by design
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<0>(v_); }
  const T& value() const { return std::get<0>(v_); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() { return value(); }
  const OAuthError& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, OAuthError> v_;
};

struct Ok {};
using Status = Result<Ok>;

}  // namespace loginkit
