#include "cli/serve.hpp"

#include <unistd.h>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <ctime>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>

#include "api/ops_endpoints.hpp"
#include "api/router.hpp"
#include "cli/environment.hpp"
#include "cli/housekeeper.hpp"
#include "cli/live_config.hpp"
#include "cli/notify.hpp"
#include "core/log_id.hpp"
#include "core/log_line.hpp"
#include "core/log_writer.hpp"
#include "http/client_address.hpp"
#include "http/server.hpp"
#include "ops/process_metrics.hpp"

#ifndef LOGINKIT_VERSION
#define LOGINKIT_VERSION "dev"
#endif

namespace loginkit::cli {
namespace {

constexpr const char* kHsts = "max-age=31536000";

// Formatted once a second per thread, not once a request.
const std::string& iso_now() {
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

// One JSON line per request, built as log_line() would write it (values escaped, client bytes
// made valid UTF-8) and handed to the log thread. The path is logged without its query (queries
// carry codes and tokens); bodies and headers are never logged.
void access_log(Metrics& metrics, LogWriter& log, const Request& req, const Response& res,
                double ms) {
  auto [endpoint, api] = ops::endpoint_of(req.path);
  // One label buffer per thread, reused: once a series exists, counting it allocates nothing.
  // Nothing here suspends the request fiber, so no other request can touch it in between.
  thread_local std::string labels;
  labels.clear();
  append_label(labels, "endpoint", endpoint);
  append_label(labels, "api_version", api);
  append_label(labels, "status", std::to_string(res.status));
  metrics.count("loginkit_http_requests_total", labels);
  labels.clear();
  append_label(labels, "endpoint", endpoint);
  append_label(labels, "outcome", ops::outcome_of(res.status));
  metrics.observe("loginkit_http_request_duration_seconds", labels, ms / 1000.0);
  thread_local std::string line;  // reused: a line costs no allocation
  LogLineBuilder(line)
      .add("time", iso_now())
      .add("log_id", req.log_id)
      .add("method", req.method)
      .add("path", req.path)
      .add_int("status", res.status)
      .add_number("ms", ms)
      .add("client_key", res.client_key)
      .add("api_version", api)
      .finish();
  log.append(line);
}

// RFC 6797: browsers that reach loginkit over HTTPS, directly or through a TLS-terminating proxy
// (an https issuer), must never again try plain HTTP for it.
bool wants_hsts(const Config& config) {
  return !config.http.tls_cert.empty() || config.issuer.starts_with("https://");
}

// Operational events (reload, drain) go to stderr with the errors, one JSON line each; stdout
// stays the access log alone.
void log_event(const char* level, const char* what, const boost::json::object& more = {}) {
  boost::json::object line{{"time", iso_now()}, {"level", level}, {"what", what}};
  for (const auto& [k, v] : more) line[k] = v;
  write_log_line(STDERR_FILENO, std::move(line));
}

void refuse_reload(const std::string& reason) {
  log_event("error", "reload refused; the running configuration stays", {{"reason", reason}});
  notify_ready();
}

// SIGHUP: the same sources as at start (config file, LOGINKIT_* environment, flags) read again
// and checked whole; the shell then loads the TLS files and commits or refuses.
std::optional<http::PendingReload> prepare_reload(const Args& args, LiveConfig& live) {
  notify_reloading();
  Config fresh;
  try {
    fresh = load_config(args);
  } catch (const std::exception& e) {
    refuse_reload(e.what());
    return std::nullopt;
  }
  auto plan = std::make_shared<ReloadPlan>(plan_reload(live.current()->config, std::move(fresh)));
  http::PendingReload pending;
  pending.tls_cert = plan->config.http.tls_cert;
  pending.tls_key = plan->config.http.tls_key;
  pending.commit = [&live, plan] {
    if (!plan->needs_restart.empty()) {
      boost::json::array keys(plan->needs_restart.begin(), plan->needs_restart.end());
      log_event("warn", "needs a restart; the running values stay", {{"keys", std::move(keys)}});
    }
    live.publish(std::move(plan->config));
    log_event("info", "configuration reloaded");
    notify_ready();
  };
  pending.refuse = refuse_reload;
  return pending;
}

// Collects the listeners' URLs as they start accepting and hands them on once all have.
class ListenerUrls {
 public:
  ListenerUrls(std::size_t count, std::function<void(const std::vector<std::string>&)> done)
      : urls_(count), pending_(count), done_(std::move(done)) {}
  void arrive(std::size_t index, const std::string& url) {
    std::lock_guard lock(mu_);
    urls_[index] = url;
    if (--pending_ == 0 && done_) done_(urls_);
  }

 private:
  std::mutex mu_;
  std::vector<std::string> urls_;
  std::size_t pending_;
  std::function<void(const std::vector<std::string>&)> done_;
};

}  // namespace

int serve_command(const Args& args) {
  return run_server(args, load_config(args), {});
}

int run_server(const Args& args, Config config, const ServeExtras& extras) {
  auto store = open_store(config);
  SystemClock system_clock;
  AdjustableClock test_clock;
  const Clock& clock = config.test_clock ? static_cast<const Clock&>(test_clock) : system_clock;
  Metrics metrics;
  ops::describe_metrics(metrics);
  ops::register_process_metrics(metrics, LOGINKIT_VERSION, store_engine_name(store_engine(config)));
  store->observe_commits([&metrics](std::size_t writes, double seconds) {
    metrics.count("loginkit_store_commits_total");
    metrics.count("loginkit_store_batched_writes_total", {}, writes);
    metrics.observe("loginkit_store_commit_seconds", {}, seconds);
  });
  // The access log: stdout, written by its own thread in batches.
  LogWriter access_lines(STDOUT_FILENO);
  LiveConfig live(config,
                  ServingParts{*store, clock, &metrics, load_server_key(config, *store),
                               config.test_clock ? &test_clock : nullptr, nullptr, extras.sandbox});
  if (extras.prepare) extras.prepare(live.current()->api.oauth);
  auto hooks_for = [&](Response (*route)(ApiContext&, const Request&)) {
    return http::ServerHooks{
        [&live, route](Request& req) {
          // Held to the end of the request: a reload meanwhile does not change what it sees.
          std::shared_ptr<Generation> generation = live.current();
          http::apply_trusted_proxy(generation->config.trusted_proxies, req);
          return route(generation->api, req);
        },
        [&metrics, &access_lines](const Request& req, const Response& res, double ms) {
          access_log(metrics, access_lines, req, res, ms);
        },
        [&](std::string& id) { make_log_id(clock.now(), id); },
        [&](int delta) { metrics.gauge_add("loginkit_open_connections", delta); },
    };
  };
  std::vector<http::Listener> listeners;
  http::Listener& pub = listeners.emplace_back();
  pub.address = config.http.listen;
  pub.tls = !config.http.tls_cert.empty();
  pub.hooks = hooks_for(route_public);
  if (wants_hsts(config)) pub.always_headers.emplace_back("Strict-Transport-Security", kHsts);
  ReadyLatch ready(config.http.ops_listen.empty() ? 1 : 2);
  ListenerUrls urls(config.http.ops_listen.empty() ? 1 : 2, extras.ready);
  pub.on_listening = [&ready, &urls](const std::string& url) {
    std::cout << "loginkit listening on " << url << std::endl;
    urls.arrive(0, url);
    ready.arrive();
  };
  if (!config.http.ops_listen.empty()) {
    // Plain HTTP: the operations listener belongs on loopback or a private network.
    http::Listener& ops_listener = listeners.emplace_back();
    ops_listener.address = config.http.ops_listen;
    ops_listener.hooks = hooks_for(route_ops);
    ops_listener.on_listening = [&ready, &urls](const std::string& url) {
      std::cout << "loginkit ops listening on " << url << std::endl;
      urls.arrive(1, url);
      ready.arrive();
    };
  }
  Housekeeper housekeeper(*store, clock, config.housekeeping, metrics);
  http::Lifecycle lifecycle;
  if (extras.reload) lifecycle.reload = [&args, &live] { return prepare_reload(args, live); };
  lifecycle.draining = [&config] {
    notify_stopping();
    log_event("info", "draining", {{"drain_timeout", config.http.drain_timeout_seconds}});
  };
  http::serve(config.http, listeners, lifecycle);
  access_lines.flush();  // every request's line before the stop line
  std::cout << "loginkit stopped" << std::endl;
  return 0;
}

}  // namespace loginkit::cli
