#include "cli/cli_options.hpp"

#include <sstream>

namespace loginkit::cli {
namespace {

OptionSpec value(std::string name, std::string value_name, std::string help) {
  return {std::move(name), std::move(value_name), false, std::move(help)};
}
OptionSpec many(std::string name, std::string value_name, std::string help) {
  return {std::move(name), std::move(value_name), true, std::move(help)};
}
OptionSpec need(std::string name, std::string value_name, std::string help) {
  return {std::move(name), std::move(value_name), false, std::move(help) + " (required)", true};
}
OptionSpec flag(std::string name, std::string help) {
  return {std::move(name), "", false, std::move(help)};
}

const OptionSpec kJson = flag("json", "print JSON instead of a table");
const OptionSpec kForce = flag("force", "overwrite FILE (backup) or the database (restore)");
const OptionSpec kWithKey =
    flag("with-key", "also copy the server key to/from FILE.key (mode 0600)");

}  // namespace

const std::vector<OptionSpec>& common_options() {
  static const std::vector<OptionSpec> kCommon = {
      value("data", "DIR", "SQLite data directory (default ./var)"),
      value("config", "FILE", "TOML configuration (docs/configuration.md)"),
      value("store", "URL",
            "postgres:// URL, or memory: for a throwaway store (default: SQLite under --data)"),
      value("store-file", "FILE", "read the --store URL from FILE"),
      value("server-key-file", "FILE", "the server key (default DATA/server.key, created 0600)"),
      value("listen", "HOST:PORT", "public listener (default 127.0.0.1:8080; port 0 picks one)"),
      value("ops-listen", "HOST:PORT",
            "admin API, /metrics, /readyz (default 127.0.0.1:8081; \"\" = none)"),
      value("tls-cert", "PEM", "serve HTTPS with this certificate chain (with --tls-key)"),
      value("tls-key", "PEM", "the private key for --tls-cert"),
      value("threads", "N", "event-loop threads (default one per core)"),
      value("admin-token", "TOKEN", "enable the admin API with this bearer token"),
      value("admin-token-file", "FILE", "read the admin token from FILE"),
      flag("test-clock", "enable POST /admin/v1/clock (tests only)"),
  };
  return kCommon;
}

const std::vector<OptionSpec>& builtin_options() {
  static const std::vector<OptionSpec> kBuiltin = {
      flag("help", "help for loginkit or a command (loginkit db --help)"),
      flag("help-all", "the help of every command (the source of a man page)"),
      flag("version", "print the version"),
  };
  return kBuiltin;
}

const std::vector<CommandSpec>& commands() {
  static const std::vector<CommandSpec> kCommands = {
      {"serve", "", "run the server (public and operations listeners)", {}},
      {"app create",
       "",
       "register an app; prints its secret once",
       {need("name", "N", "the app's name"),
        value("developer", "EMAIL", "owning developer (default admin@loginkit.local)"),
        value("scopes", "a,b", "granted scopes (default user.info.basic)"),
        many("web-redirect-uri", "URI", "a web redirect URI (repeatable)"),
        many("desktop-redirect-uri", "URI", "a desktop redirect URI (repeatable)"),
        many("android-redirect-uri", "URI", "an Android redirect URI (repeatable)"),
        many("ios-redirect-uri", "URI", "an iOS redirect URI (repeatable)"),
        flag("no-web", "disable the web platform"), flag("no-login-kit", "disable Login Kit"),
        flag("require-pkce-web", "require PKCE from web clients too")}},
      {"app list", "", "list apps", {}},
      {"app show", "KEY", "show one app", {}},
      {"app rotate-secret", "KEY", "issue a new client secret (printed once)", {}},
      {"app scopes", "KEY a,b,c", "replace the app's scopes", {}},
      {"app redirect-uri",
       "add|remove KEY web|desktop|android|ios URI",
       "add or remove a redirect URI",
       {}},
      {"app legacy-domain",
       "add|remove KEY DOMAIN",
       "v1 web redirect domains (frozen after the freeze date)",
       {}},
      {"audit",
       "",
       "app changes, grants and disconnects, newest first",
       {value("app", "KEY", "only this app"),
        value("limit", "N", "at most N entries (default 100)"), kJson}},
      {"migration report",
       "",
       "per app: platforms, redirect URIs, v1 calls (7/30 days), status",
       {kJson}},
      {"user create",
       "",
       "create an end user",
       {need("username", "U", "login name"), need("password", "P", "password"),
        value("display-name", "D", "shown name (default the username)")}},
      {"developer create",
       "",
       "create a developer account",
       {need("email", "E", "login email"), need("password", "P", "password"),
        value("name", "N", "shown name (default the email)")}},
      {"db migrate", "", "create or upgrade the schema", {}},
      {"db backup",
       "FILE",
       "online SQLite backup (the server may run); PostgreSQL: prints the pg_dump line",
       {kForce, kWithKey}},
      {"db restore", "FILE", "with the server stopped: check FILE, swap it in", {kForce, kWithKey}},
      {"config check", "", "load and validate the configuration (file, LOGINKIT_*, flags)", {}},
      {"sandbox",
       "",
       "a local stand-in of the platform for app tests: TLS for its host names from a local CA, "
       "a seeded throwaway store, headless consent, faults on demand, the request inspector "
       "(docs/sandbox.md)",
       {value("seed", "FILE",
              "apps, users and dates to load (TOML; deploy/sandbox-seed.example.toml)"),
        value("state", "DIR",
              "where the CA and sandbox.env live (default $XDG_STATE_HOME/loginkit-sandbox)"),
        many("host", "NAME", "a host name to serve TLS for (repeatable; default the platform's)")}},
      {"demo seed",
       "",
       "create the demo developer, app and user; print how to try them",
       {value("base-url", "URL", "where the server is reached (default http://LISTEN)")}},
  };
  return kCommands;
}

const CommandSpec* find_command(const std::vector<std::string>& words) {
  const CommandSpec* best = nullptr;
  std::size_t best_len = 0;
  for (const auto& c : commands()) {
    std::istringstream in(c.path);
    std::string part;
    std::size_t i = 0;
    bool match = true;
    while (in >> part) {
      if (i >= words.size() || words[i] != part) {
        match = false;
        break;
      }
      ++i;
    }
    if (match && i > best_len) best = &c, best_len = i;
  }
  return best;
}

bool is_group(const std::string& name) {
  for (const auto& c : commands())
    if (c.path.rfind(name + " ", 0) == 0) return true;
  return false;
}

namespace {

std::string usage_line(const CommandSpec& c) {
  std::string line = c.path;
  if (!c.operands.empty()) line += " " + c.operands;
  for (const auto& o : c.options) {
    std::string opt = "--" + o.name + (o.takes_value() ? " " + o.value_name : "");
    line += ' ';
    line += o.required ? opt : "[" + opt + "]";
    if (o.repeatable) line += "...";
  }
  return line;
}

void option_lines(std::ostream& out, const std::vector<OptionSpec>& options) {
  for (const auto& o : options) {
    std::string left = "  --" + o.name + (o.takes_value() ? " " + o.value_name : "");
    if (left.size() < 28)
      left.resize(28, ' ');
    else
      left += "  ";
    out << left << o.help << "\n";
  }
}

// "  serve ..." followed by its summary: the indentation `loginkit --help` readers (and the
// integration test) look for.
void command_lines(std::ostream& out, const CommandSpec& c) {
  out << "  " << usage_line(c) << "\n      " << c.summary << "\n";
}

}  // namespace

std::string help_text() {
  std::ostringstream out;
  out << "loginkit — an OAuth 2.0 authorization server (v2 and legacy v1 APIs)\n\n"
      << "usage: loginkit <command> [options]\n\ncommands:\n";
  for (const auto& c : commands()) command_lines(out, c);
  out << "\noptions every command takes:\n";
  option_lines(out, common_options());
  out << "\n";
  option_lines(out, builtin_options());
  return out.str();
}

std::string help_text(const CommandSpec& c) {
  std::ostringstream out;
  out << "usage: loginkit " << c.path << (c.operands.empty() ? "" : " " + c.operands)
      << " [options]\n\n"
      << c.summary << "\n";
  if (!c.options.empty()) {
    out << "\noptions:\n";
    option_lines(out, c.options);
  }
  // serve and config check are about the common options; elsewhere they would bury the rest.
  if (c.path == "serve" || c.path == "config check") {
    out << "\noptions (every command takes these):\n";
    option_lines(out, common_options());
  } else {
    out << "\noptions every command takes (loginkit --help): --data DIR, --config FILE, "
           "--store URL, ...\n";
  }
  return out.str();
}

std::string group_help_text(const std::string& name) {
  std::ostringstream out;
  out << "usage: loginkit " << name << " <subcommand> [options]\n\nsubcommands:\n";
  for (const auto& c : commands())
    if (c.path.rfind(name + " ", 0) == 0) command_lines(out, c);
  out << "\nloginkit " << name << " <subcommand> --help describes one subcommand.\n";
  return out.str();
}

std::string help_all_text() {
  std::string out = help_text();
  for (const auto& c : commands()) {
    out += '\n';
    out += help_text(c);
  }
  return out;
}

}  // namespace loginkit::cli
