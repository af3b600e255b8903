#include "cli/cli.hpp"

#include <iostream>

#include "cli/admin_commands.hpp"
#include "cli/serve.hpp"

#ifndef LOGINKIT_VERSION
#define LOGINKIT_VERSION "dev"
#endif

namespace loginkit::cli {
namespace {

constexpr const char* kHelp =
    R"(loginkit — an OAuth 2.0 authorization server (v2 and legacy v1 APIs)

usage: loginkit <command> [options]

  serve                 run the server
      --listen HOST:PORT   (default 127.0.0.1:8080; port 0 picks one)
      --ops-listen HOST:PORT  admin API, /metrics, /readyz (default 127.0.0.1:8081; "" = none)
      --data DIR           SQLite data directory (default ./var)
      --config FILE        TOML configuration (docs/server-contract.md)
      --tls-cert PEM --tls-key PEM   serve HTTPS
      --store URL          postgres:// URL (default: SQLite under --data)
      --admin-token TOKEN  enable the admin API with this bearer token
      --admin-token-file F, --store-file F   the same secrets read from a file
      --server-key-file F  the server key (default DATA/server.key, created 0600)
      --threads N          event-loop threads (default one per core)
      --test-clock         enable POST /admin/v1/clock (tests only)
  app create --name N [--developer EMAIL] [--scopes a,b] [--web-redirect-uri URI]...
             [--desktop-redirect-uri URI]... [--android-redirect-uri URI]... [--ios-redirect-uri URI]...
             [--no-web] [--no-login-kit] [--require-pkce-web]
  app list | app show KEY | app rotate-secret KEY | app scopes KEY a,b,c
  app redirect-uri add|remove KEY web|desktop|android|ios URI
  app legacy-domain add|remove KEY DOMAIN     v1 web redirect domains (frozen after the freeze date)
  audit [--app KEY] [--limit N] [--json]   app changes, grants and disconnects, newest first
  migration report [--json]   per app: platforms, redirect URIs, v1 calls (7/30 days), status
  user create --username U --password P [--display-name D]
  developer create --email E --password P [--name N]
  db migrate
  db backup FILE [--force] [--with-key]   online SQLite backup (the server may run); --with-key
                        also copies the server key to FILE.key (0600); PostgreSQL: prints pg_dump
  db restore FILE [--force] [--with-key]  with the server stopped: check FILE, swap it in
  config check          load and validate the configuration (file, LOGINKIT_* environment, flags)
  demo seed [--base-url URL]   create the demo developer, app and user; print how to try them
  --version | --help

Every command takes --data DIR and --config FILE.
)";

// The part of the help that describes `command` (the lines from its name to the next command).
std::string help_for(const std::string& command) {
  std::string text(kHelp), out;
  std::size_t pos = 0;
  bool in = false;
  while (pos < text.size()) {
    auto end = text.find('\n', pos);
    std::string line = text.substr(pos, end - pos);
    pos = end == std::string::npos ? text.size() : end + 1;
    bool starts_command = line.size() > 2 && line[0] == ' ' && line[1] == ' ' && line[2] != ' ';
    if (starts_command)
      in = line.substr(2, command.size() + 1) == command + " " || line.substr(2) == command;
    if (in) out += line + "\n";
  }
  return out.empty() ? std::string(kHelp) : "usage: loginkit\n" + out;
}

}  // namespace

int run(int argc, char** argv) {
  Args args(argc, argv, 1);
  std::string cmd = args.word(0);
  if (args.has("version")) {
    std::cout << "loginkit " << LOGINKIT_VERSION << "\n";
    return 0;
  }
  if (cmd.empty() || args.has("help") || cmd == "help") {
    std::cout << (cmd.empty() || cmd == "help" ? std::string(kHelp) : help_for(cmd));
    return cmd.empty() && !args.has("help") ? 2 : 0;
  }
  try {
    if (cmd == "serve") return serve_command(args);
    if (cmd == "app") return app_command(args);
    if (cmd == "user") return user_command(args);
    if (cmd == "developer") return developer_command(args);
    if (cmd == "db") return db_command(args);
    if (cmd == "migration") return migration_command(args);
    if (cmd == "audit") return audit_command(args);
    if (cmd == "config") return config_command(args);
    if (cmd == "demo") return demo_command(args);
  } catch (const std::exception& e) {
    std::cerr << "loginkit: " << e.what() << "\n";
    return 1;
  }
  std::cerr << "loginkit: unknown command '" << cmd << "' (try --help)\n";
  return 2;
}

}  // namespace loginkit::cli
