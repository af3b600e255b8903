#pragma once
// The one definition of loginkit's command line: every command and subcommand with its options.
// The parser (args.cpp) takes strictness from it and the help text (and, later, a man page) is
// generated from it, so a flag cannot be accepted without being documented or the reverse.
#include <string>
#include <vector>

namespace loginkit::cli {

struct OptionSpec {
  std::string name;        // without the leading "--"
  std::string value_name;  // "" for a switch (takes no value)
  bool repeatable = false;
  std::string help;
  bool required = false;  // shown without brackets in the usage line; the command checks it
  bool takes_value() const { return !value_name.empty(); }
};

struct CommandSpec {
  std::string path;      // "serve", "app create"
  std::string operands;  // positional words after the path, for the usage line ("KEY a,b,c")
  std::string summary;
  std::vector<OptionSpec> options;  // its own options; the common ones are added by the parser
};

// The options every command takes (they configure the store and the server: load_config).
const std::vector<OptionSpec>& common_options();
// --help, --help-all and --version: accepted everywhere, answered before any command runs.
const std::vector<OptionSpec>& builtin_options();
// Every command, in the order `loginkit --help` lists them.
const std::vector<CommandSpec>& commands();

// The command named by the leading positional words (longest path that matches), or nullptr.
const CommandSpec* find_command(const std::vector<std::string>& words);
// Whether `name` is a command group ("app", "db") with subcommands under it.
bool is_group(const std::string& name);

std::string help_text();                               // `loginkit --help`
std::string help_text(const CommandSpec& command);     // `loginkit serve --help`
std::string group_help_text(const std::string& name);  // `loginkit app --help`
std::string help_all_text();                           // every command's help, for a man page

}  // namespace loginkit::cli
