#pragma once
// The command line, checked against the table in cli_options: positional words plus
// --flag value / --flag=value / --switch. Anything the table does not allow for the command named
// by the words throws UsageError (the caller prints it and exits 2).
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "cli/cli_options.hpp"

namespace loginkit::cli {

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Args {
 public:
  // Throws UsageError for an unknown command or option, a switch given a value, a missing value
  // or a non-repeatable option given twice. --help, --help-all and --version are always accepted.
  Args(int argc, char** argv, int first);
  explicit Args(const std::vector<std::string>& argv);

  const std::vector<std::string>& words() const { return words_; }
  std::string word(std::size_t i) const { return i < words_.size() ? words_[i] : ""; }
  std::optional<std::string> get(const std::string& flag) const;
  std::vector<std::string> all(const std::string& flag) const;
  bool has(const std::string& flag) const { return flags_.count(flag) > 0; }
  // The command the words name (nullptr for none, or for a group such as "app" alone).
  const CommandSpec* command() const { return command_; }

 private:
  void parse(const std::vector<std::string>& argv);

  std::vector<std::string> words_;
  std::multimap<std::string, std::string> flags_;
  const CommandSpec* command_ = nullptr;
};

// The closest of `candidates` to `name` (a misspelling), or "" when none is near enough.
std::string suggest(const std::string& name, const std::vector<std::string>& candidates);

}  // namespace loginkit::cli
