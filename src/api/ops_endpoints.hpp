#pragma once
// Operating endpoints: /metrics, /healthz, /readyz, RFC 8414 metadata.
#include <string>
#include <utility>

#include "api/api_context.hpp"
#include "api/http_types.hpp"

namespace loginkit::ops {

Response metrics(ApiContext& ctx, const Request& req);
Response healthz(ApiContext& ctx, const Request& req);
Response readyz(ApiContext& ctx, const Request& req);
Response authorization_server_metadata(ApiContext& ctx, const Request& req);

// A bounded name for a path, and the API version it belongs to ("v2", "v1" or "-"), so metric
// label sets stay small whatever clients send.
std::pair<std::string, std::string> endpoint_of(const std::string& path);
// The outcome label of a request's latency: its status class, with 429 apart. Bounded (four
// values) and never taken from what the client sent.
const char* outcome_of(int status);
// Declares every metric family with its help text.
void describe_metrics(Metrics& m);

}  // namespace loginkit::ops
