#pragma once
// The HTTP shell: the only code that sees Beast/Asio (DESIGN.md). It parses, enforces limits and
// timeouts, hands a plain Request to the handler and writes the Response back.
#include <functional>
#include <string>

#include "api/http_types.hpp"
#include "core/config.hpp"

namespace loginkit::http {

using Handler = std::function<Response(Request&)>;
// Called once per request with the finished pair and the time taken (ms), for the log line.
using AccessLog = std::function<void(const Request&, const Response&, double)>;
// Makes a log_id for a request (the handler's clock decides the timestamp).
using LogIdSource = std::function<std::string()>;

struct ServerHooks {
  Handler handler;
  AccessLog access_log;
  LogIdSource log_id;
  std::function<void(int)> connections_changed;  // +1 on accept, -1 on close
};

// Runs until SIGINT/SIGTERM, then stops accepting, lets in-flight requests finish and returns.
// `on_listening` receives the bound URL (port 0 resolved).
void serve(const HttpConfig& config, const ServerHooks& hooks,
           const std::function<void(const std::string&)>& on_listening);

}  // namespace loginkit::http
