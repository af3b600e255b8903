#include "cli/live_config.hpp"

#include <utility>

namespace loginkit::cli {

Generation::Generation(Config c, const ServingParts& parts)
    : config(std::move(c)),
      api{OAuthContext{parts.store, parts.clock, config.oauth, parts.metrics, parts.server_key},
          config, parts.test_clock, parts.limiters, parts.sandbox} {}

LiveConfig::LiveConfig(Config initial, ServingParts parts) : parts_(std::move(parts)) {
  if (!parts_.limiters) parts_.limiters = std::make_shared<ApiLimiters>(initial.limits);
  current_ = std::make_shared<Generation>(std::move(initial), parts_);
}

std::shared_ptr<Generation> LiveConfig::current() const {
  std::lock_guard lock(mu_);
  return current_;
}

void LiveConfig::publish(Config config) {
  auto next = std::make_shared<Generation>(std::move(config), parts_);
  parts_.limiters->apply(next->config.limits);
  std::lock_guard lock(mu_);
  current_ = std::move(next);
}

ReloadPlan plan_reload(const Config& running, Config fresh) {
  ReloadPlan plan{std::move(fresh), {}};
  // Puts the running value of one setting back, noting its name when the new one differs.
  auto keep = [&](const char* name, auto field) {
    auto& next = field(plan.config);
    const auto& now = field(running);
    if (next != now) {
      plan.needs_restart.emplace_back(name);
      next = now;
    }
  };
  keep(
      "data_dir", [](auto& c) -> auto& { return c.data_dir; });
  keep(
      "store", [](auto& c) -> auto& { return c.store; });
  keep(
      "store_file", [](auto& c) -> auto& { return c.store_file; });
  keep(
      "store_cache", [](auto& c) -> auto& { return c.store_cache; });
  keep(
      "server_key_file", [](auto& c) -> auto& { return c.server_key_file; });
  keep(
      "issuer", [](auto& c) -> auto& { return c.issuer; });
  keep(
      "http.listen", [](auto& c) -> auto& { return c.http.listen; });
  keep(
      "http.ops_listen", [](auto& c) -> auto& { return c.http.ops_listen; });
  keep(
      "http.threads", [](auto& c) -> auto& { return c.http.threads; });
  keep(
      "http.max_header_bytes", [](auto& c) -> auto& { return c.http.max_header_bytes; });
  keep(
      "http.max_body_bytes", [](auto& c) -> auto& { return c.http.max_body_bytes; });
  keep(
      "http.read_timeout", [](auto& c) -> auto& { return c.http.read_timeout_seconds; });
  keep(
      "http.idle_timeout", [](auto& c) -> auto& { return c.http.idle_timeout_seconds; });
  keep(
      "http.drain_timeout", [](auto& c) -> auto& { return c.http.drain_timeout_seconds; });
  keep(
      "limits.tracked_keys", [](auto& c) -> auto& { return c.limits.tracked_keys; });
  keep(
      "housekeeping.interval_seconds",
      [](auto& c) -> auto& { return c.housekeeping.interval_seconds; });
  keep(
      "housekeeping.grace_seconds", [](auto& c) -> auto& { return c.housekeeping.grace_seconds; });
  keep(
      "housekeeping.batch", [](auto& c) -> auto& { return c.housekeeping.batch; });
  // A listener is plain or TLS from start to end; only the files behind TLS change live.
  if (plan.config.http.tls_cert.empty() != running.http.tls_cert.empty()) {
    plan.needs_restart.emplace_back("http.tls_cert");
    plan.config.http.tls_cert = running.http.tls_cert;
    plan.config.http.tls_key = running.http.tls_key;
  }
  return plan;
}

}  // namespace loginkit::cli
