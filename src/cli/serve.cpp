#include "cli/serve.hpp"

#include <unistd.h>

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>
#include <ctime>
#include <iostream>

#include "api/router.hpp"
#include "cli/environment.hpp"
#include "core/log_id.hpp"
#include "http/server.hpp"

namespace loginkit::cli {
namespace {

std::string iso_now() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// One JSON line per request. The path is logged without its query: queries can carry codes.
void access_log(const Request& req, const Response& res, double ms) {
  std::string line =
      "{\"time\":\"" + iso_now() + "\",\"log_id\":\"" + req.log_id +
      "\",\"method\":" + boost::json::serialize(boost::json::string(req.method)) +
      ",\"path\":" + boost::json::serialize(boost::json::string(req.path)) +
      ",\"status\":" + std::to_string(res.status) + ",\"ms\":" + std::to_string(ms) +
      ",\"client_key\":" + boost::json::serialize(boost::json::string(res.client_key)) + "}\n";
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
  ApiContext ctx{OAuthContext{*store, clock, config.oauth}, make_v2_grants(), config,
                 config.test_clock ? &test_clock : nullptr};
  store->server_key();  // create it before the first request races for it
  http::ServerHooks hooks{
      [&](Request& req) { return route(ctx, req); },
      access_log,
      [&] { return make_log_id(clock.now()); },
  };
  http::serve(config.http, hooks, [](const std::string& url) {
    std::cout << "loginkit listening on " << url << std::endl;
  });
  std::cout << "loginkit stopped" << std::endl;
  return 0;
}

}  // namespace loginkit::cli
