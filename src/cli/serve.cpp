#include "cli/serve.hpp"

#include <unistd.h>

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>
#include <ctime>
#include <iostream>

#include "api/ops_endpoints.hpp"
#include "api/router.hpp"
#include "cli/environment.hpp"
#include "cli/housekeeper.hpp"
#include "core/log_id.hpp"
#include "core/utf8.hpp"
#include "http/server.hpp"

namespace loginkit::cli {
namespace {

// Formatted once a second per thread, not once a request.
std::string iso_now() {
  thread_local std::time_t last = -1;
  thread_local std::string text;
  std::time_t t = std::time(nullptr);
  if (t != last) {
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    text = buf;
    last = t;
  }
  return text;
}

// Client bytes (a claimed client key, a path) are logged as valid UTF-8 only.
std::string quoted(const std::string& s) {
  return boost::json::serialize(boost::json::string(printable_utf8(s)));
}

// One JSON line per request. The path is logged without its query (queries carry codes and
// tokens); bodies and headers are never logged.
void access_log(Metrics& metrics, const Request& req, const Response& res, double ms) {
  auto [endpoint, api] = ops::endpoint_of(req.path);
  metrics.count("loginkit_http_requests_total", label("endpoint", endpoint) + "," +
                                                    label("api_version", api) + "," +
                                                    label("status", std::to_string(res.status)));
  metrics.observe("loginkit_http_request_duration_seconds", label("endpoint", endpoint),
                  ms / 1000.0);
  std::string line = "{\"time\":\"" + iso_now() + "\",\"log_id\":\"" + req.log_id +
                     "\",\"method\":" + quoted(req.method) + ",\"path\":" + quoted(req.path) +
                     ",\"status\":" + std::to_string(res.status) + ",\"ms\":" + std::to_string(ms) +
                     ",\"client_key\":" + quoted(res.client_key) +
                     ",\"api_version\":" + quoted(api) + "}\n";
  // One write(2) per line keeps lines whole across threads.
  [[maybe_unused]] auto n = ::write(STDOUT_FILENO, line.data(), line.size());
}

}  // namespace

int serve_command(const Args& args) {
  Config config = load_config(args);
  auto store = open_store(config);
  SystemClock system_clock;
  AdjustableClock test_clock;
  const Clock& clock = config.test_clock ? static_cast<const Clock&>(test_clock) : system_clock;
  Metrics metrics;
  ops::describe_metrics(metrics);
  store->observe_commits([&metrics](std::size_t writes, double seconds) {
    metrics.count("loginkit_store_commits_total");
    metrics.count("loginkit_store_batched_writes_total", {}, writes);
    metrics.observe("loginkit_store_commit_seconds", {}, seconds);
  });
  ApiContext ctx{
      OAuthContext{*store, clock, config.oauth, &metrics, load_server_key(config, *store)},
      make_v2_grants(), config, config.test_clock ? &test_clock : nullptr};
  http::ServerHooks hooks{
      [&](Request& req) {
        apply_trusted_proxy(config, req);
        return route(ctx, req);
      },
      [&](const Request& req, const Response& res, double ms) {
        access_log(metrics, req, res, ms);
      },
      [&] { return make_log_id(clock.now()); },
      [&](int delta) { metrics.gauge_add("loginkit_open_connections", delta); },
  };
  Housekeeper housekeeper(*store, clock, config.housekeeping, metrics);
  http::serve(config.http, hooks, [](const std::string& url) {
    std::cout << "loginkit listening on " << url << std::endl;
  });
  std::cout << "loginkit stopped" << std::endl;
  return 0;
}

}  // namespace loginkit::cli
