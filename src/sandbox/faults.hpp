#pragma once
// Faults on demand (issue 16): an app team arms "the next N requests to this endpoint fail like
// so" through the admin API, to test their error handling against the platform's real wire
// formats. The board is shared by every request thread; the answers are rendered by the server's
// own error writers (api/v2, api/v1), never by a copy of them.
#include <boost/json/object.hpp>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "api/api_context.hpp"
#include "api/http_types.hpp"
#include "core/error.hpp"

namespace loginkit::sandbox {

// Which of the server's error writers an endpoint answers with.
enum class WireFormat {
  kV2Token,     // SPEC §2.2 flat JSON (token, revoke)
  kV2UserInfo,  // SPEC §2.4 {"data":{},"error":{…}}
  kV1Envelope,  // SPEC §3 OAuth envelope
  kV1UserInfo,  // SPEC §3 user info {"data":{},"error":{"code":N,…}}
  kAuthorize,   // SPEC §2.1 / §3 browser endpoint: an error page, or an error by redirect
};

struct FaultEndpoint {
  std::string_view name;  // as the admin API names it: "token", "v1_access_token", …
  WireFormat format;
  std::vector<std::string_view> methods;  // the methods the router serves it for
  std::vector<std::string_view> codes;    // the error codes SPEC gives this endpoint
};

const std::vector<FaultEndpoint>& fault_endpoints();
const FaultEndpoint* fault_endpoint(std::string_view name);
// The API endpoint a path is routed to (api/router.cpp's paths), named as faults name it ("token",
// "v1_access_token", also "introspect"), and its version: "v2", "v1", or "-" for other paths.
std::pair<std::string, std::string> api_endpoint_of(const std::string& path);
// The fault endpoint a request path is routed to, or null.
const FaultEndpoint* fault_endpoint_of_path(const std::string& path);

struct FaultSpec {
  std::string endpoint;
  std::int64_t count = 1;
  std::string error;              // empty: the status's own code (v1 codes as digits)
  std::string error_description;  // empty: the code's usual wording
  int status = 0;                 // 0: the status the endpoint gives `error`
  std::int64_t delay_ms = 0;
  bool answers() const { return !error.empty() || status != 0; }  // false: a delay alone
};

struct ArmedFault {
  std::int64_t id = 0;
  FaultSpec spec;
  std::int64_t remaining = 0;
};

// A POST /admin/v1/sandbox/faults body, checked; else every problem found, one message each.
std::variant<FaultSpec, std::vector<std::string>> parse_fault(const boost::json::object& body);
boost::json::object fault_json(const ArmedFault& fault);

class FaultBoard {
 public:
  static constexpr std::size_t kMaxArmed = 1000;

  // nullopt when kMaxArmed faults are armed already.
  std::optional<ArmedFault> arm(FaultSpec spec);
  // The endpoint's oldest armed fault (faults on one endpoint apply in the order armed).
  std::optional<ArmedFault> peek(std::string_view endpoint) const;
  // Spends one of fault `id`'s requests; false when it is gone meanwhile (spent by another).
  bool consume(std::int64_t id);
  // peek and consume as one step.
  std::optional<ArmedFault> take(std::string_view endpoint);
  std::vector<ArmedFault> list() const;  // in the order armed
  void clear();

 private:
  mutable std::mutex mu_;
  std::int64_t next_id_ = 1;
  std::deque<ArmedFault> armed_;
};

// The error the fault stands for, in its endpoint's dialect: the code (or the status's own code),
// the description, the HTTP status SPEC gives it.
OAuthError fault_error(const FaultEndpoint& ep, const FaultSpec& spec);
// The faulted answer in the endpoint's wire format. For authorize endpoints this is the error
// page of spec.status; an authorize error code goes by redirect (SandboxState does that).
Response fault_response(ApiContext& ctx, const Request& req, const FaultEndpoint& ep,
                        const FaultSpec& spec);

}  // namespace loginkit::sandbox
