#pragma once
#include <functional>
#include <string>
#include <vector>

#include "cli/args.hpp"
#include "core/config.hpp"

namespace loginkit {
class SandboxHooks;
struct OAuthContext;
}  // namespace loginkit

namespace loginkit::cli {

// What `loginkit sandbox` adds to a server that is otherwise `serve`'s.
struct ServeExtras {
  SandboxHooks* sandbox = nullptr;
  // Once the store is open, before any listener accepts (the sandbox seeds its apps here).
  std::function<void(OAuthContext&)> prepare;
  // Once every listener accepts, with their URLs: the public listener's first.
  std::function<void(const std::vector<std::string>&)> ready;
  // SIGHUP re-reads the configuration's sources; a sandbox has none to re-read.
  bool reload = true;
};

int serve_command(const Args& args);
int run_server(const Args& args, Config config, const ServeExtras& extras);

}  // namespace loginkit::cli
