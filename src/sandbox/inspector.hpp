#pragma once
// The request inspector (issue 16): what an app sent to the sandbox's API endpoints and what it
// got back, per app, newest first, with its secrets masked and a hint where a request shows a
// known migration mistake. Shown in the portal at /portal/apps/{client_key}/inspector.
#include <atomic>
#include <boost/json/object.hpp>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "api/http_types.hpp"
#include "core/clock.hpp"
#include "core/config.hpp"
#include "store/records.hpp"

namespace loginkit::sandbox {

struct RecordedParam {
  std::string name;
  std::string value;   // masked when it is a secret, a code or a token
  std::string source;  // "query", "form", "json" or "header"
};

struct RequestRecord {
  std::int64_t at_ms = 0;  // wall clock (the test clock may stand anywhere)
  std::string log_id;
  std::string method;
  std::string path;
  std::string endpoint;     // as the fault API names it: "token", "v1_access_token", …
  std::string api_version;  // "v1" or "v2"
  std::vector<RecordedParam> params;
  std::string body_note;  // a body that is neither a form nor JSON, described
  bool json_body = false;
  int status = 0;
  std::string error;  // the wire error code, empty on success
  std::string error_description;
  std::string fault;  // what an armed fault did to this request, empty when none
  std::vector<std::string> hints;
};

// The record of one API request and its answer (nullopt for other paths: pages, portal, ops).
// `v1_end_of_life` dates the v1 hints (SPEC §5).
std::optional<RequestRecord> describe_request(const Request& req, const Response& res,
                                              UnixSeconds v1_end_of_life);
// The client a request names itself: client_key (or client_id) in the query or form body, or
// the HTTP Basic user; empty when none.
std::string requested_client_key(const Request& req);

boost::json::object records_json(const std::string& client_key,
                                 const std::vector<RequestRecord>& records);
// The inspector page of `app`, or its records as JSON for ?format=json.
Response inspector_response(const Request& req, const App& app,
                            const std::vector<RequestRecord>& records);

class Inspector {
 public:
  static constexpr std::size_t kPerApp = 500;
  // Requests name client keys the sandbox may not know: the apps kept are bounded too, the one
  // written to longest ago making room.
  static constexpr std::size_t kMaxApps = 64;

  void add(const std::string& client_key, RequestRecord record);
  std::vector<RequestRecord> records(const std::string& client_key) const;  // newest first

  void set_v1_end_of_life(UnixSeconds at) { v1_end_of_life_.store(at); }
  UnixSeconds v1_end_of_life() const { return v1_end_of_life_.load(); }

 private:
  struct AppLog {
    std::deque<RequestRecord> newest_first;
    std::uint64_t last_write = 0;
  };
  mutable std::mutex mu_;
  std::map<std::string, AppLog, std::less<>> apps_;
  std::uint64_t writes_ = 0;
  std::atomic<UnixSeconds> v1_end_of_life_{SunsetConfig{}.v1_web_end_of_life};
};

}  // namespace loginkit::sandbox
