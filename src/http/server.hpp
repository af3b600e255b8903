#pragma once
// The HTTP shell: the only code that sees Beast/Asio (DESIGN.md). It parses, enforces limits and
// timeouts, hands a plain Request to the handler and writes the Response back.
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "api/http_types.hpp"
#include "core/config.hpp"

namespace loginkit::http {

using Handler = std::function<Response(Request&)>;
// Called once per request with the finished pair and the time taken (ms), for the log line.
using AccessLog = std::function<void(const Request&, const Response&, double)>;
// Makes a log_id for a request into its argument (the handler's clock decides the timestamp).
using LogIdSource = std::function<void(std::string&)>;

struct ServerHooks {
  Handler handler;
  AccessLog access_log;
  LogIdSource log_id;
  std::function<void(int)> connections_changed;  // +1 on accept, -1 on close
};

// One listening socket with its own handler: the public listener (end users, clients) and the
// operations listener (admin API, metrics, readiness) never share routes.
struct Listener {
  std::string address;  // HOST:PORT; port 0 picks one
  bool tls = false;     // serve HTTPS with HttpConfig's certificate and key
  ServerHooks hooks;
  // Added to every response of this listener, refusals included (e.g. Strict-Transport-Security).
  std::vector<std::pair<std::string, std::string>> always_headers;
  // Receives the bound URL (port 0 resolved) once the socket listens.
  std::function<void(const std::string&)> on_listening;
};

// A new configuration, checked by its owner, waiting for the shell to load its TLS files: commit()
// once they load (new handshakes use them from then on), refuse(reason) when they do not (the old
// certificate and configuration stay).
struct PendingReload {
  std::string tls_cert;  // empty when no listener serves TLS
  std::string tls_key;
  std::function<void()> commit;
  std::function<void(const std::string& reason)> refuse;
};

// What the process around the shell hears of its life.
struct Lifecycle {
  // On SIGHUP: the configuration to apply, or nullopt when its owner refused it (and said why).
  // Unset: SIGHUP keeps its default action.
  std::function<std::optional<PendingReload>()> reload;
  // SIGINT/SIGTERM: the doors close and the drain begins.
  std::function<void()> draining;
};

// Runs every listener until SIGINT/SIGTERM, then stops accepting, lets requests that have begun
// (headers read) finish for up to drain_timeout_seconds, cuts the rest (one log line) and returns.
// Sizes (headers, bodies) and timeouts come from `config` for all listeners.
void serve(const HttpConfig& config, const std::vector<Listener>& listeners,
           const Lifecycle& lifecycle = {});

}  // namespace loginkit::http
