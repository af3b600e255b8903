#include "cli/cli.hpp"

#include <iostream>
#include <optional>

#include "cli/admin_commands.hpp"
#include "cli/args.hpp"
#include "cli/cli_options.hpp"
#include "cli/sandbox_command.hpp"
#include "cli/serve.hpp"

#ifndef LOGINKIT_VERSION
#define LOGINKIT_VERSION "dev"
#endif

namespace loginkit::cli {

int run(int argc, char** argv) {
  std::optional<Args> parsed;
  try {
    parsed.emplace(argc, argv, 1);
  } catch (const UsageError& e) {
    std::cerr << "loginkit: " << e.what() << "\n";
    return 2;
  }
  const Args& args = *parsed;
  std::string cmd = args.word(0);
  if (args.has("version")) {
    std::cout << "loginkit " << LOGINKIT_VERSION << "\n";
    return 0;
  }
  if (args.has("help-all")) {
    std::cout << help_all_text();
    return 0;
  }
  if (cmd.empty() || args.has("help") || cmd == "help") {
    if (args.command())
      std::cout << help_text(*args.command());
    else if (is_group(cmd))
      std::cout << group_help_text(cmd);
    else
      std::cout << help_text();
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
    if (cmd == "sandbox") return sandbox_command(args);
  } catch (const std::exception& e) {
    std::cerr << "loginkit: " << e.what() << "\n";
    return 1;
  }
  std::cerr << "loginkit: unknown command '" << cmd << "' (try --help)\n";
  return 2;
}

}  // namespace loginkit::cli
