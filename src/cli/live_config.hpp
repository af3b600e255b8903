#pragma once
// The configuration a running server serves with, and how a reload replaces it.
//
// Each configuration the server loads (at start, then on each reload) becomes one immutable
// Generation: the Config and the ApiContext built on it. A request takes the current generation
// when it starts and keeps it to its end, so it sees one consistent configuration (sunset dates,
// lifetimes, limits) even while a reload publishes the next. The rate limiters, the store, the
// clocks and the metrics outlive generations.
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "api/api_context.hpp"
#include "core/config.hpp"

namespace loginkit::cli {

// What every generation shares with the previous one.
struct ServingParts {
  Store& store;
  const Clock& clock;
  Metrics* metrics = nullptr;
  std::string server_key;
  AdjustableClock* test_clock = nullptr;
  std::shared_ptr<ApiLimiters> limiters;
  SandboxHooks* sandbox = nullptr;
};

struct Generation {
  Generation(Config c, const ServingParts& parts);
  Generation(const Generation&) = delete;
  Generation& operator=(const Generation&) = delete;
  const Config config;
  ApiContext api;  // refers to `config`
};

class LiveConfig {
 public:
  LiveConfig(Config initial, ServingParts parts);
  // The generation a request starts with; it stays valid as long as the pointer is held.
  std::shared_ptr<Generation> current() const;
  // Makes `config` current for every later request and hands its limits to the rate limiters.
  void publish(Config config);

 private:
  ServingParts parts_;
  mutable std::mutex mu_;  // held only to copy or swap the pointer
  std::shared_ptr<Generation> current_;
};

// A reloaded configuration as it will be served: `config` is the new one with every setting that
// cannot change while serving put back to what runs now; `needs_restart` names those that the
// new configuration changed (they wait for a restart).
struct ReloadPlan {
  Config config;
  std::vector<std::string> needs_restart;
};

// Live: http.tls_cert and http.tls_key (while TLS stays on, or off), http.public_ops, limits.*
// except tracked_keys, oauth.* and sunset.*, trusted_proxies, admin_token. Everything else
// (addresses, store, data directory, threads, sizes and timeouts, issuer, housekeeping, the
// server key) is fixed at start.
ReloadPlan plan_reload(const Config& running, Config fresh);

}  // namespace loginkit::cli
