#include "cli/args.hpp"

#include <algorithm>

namespace loginkit::cli {
namespace {

// Every option any command knows. A name means the same everywhere (a unit test holds the table
// to that), so words and values can be told apart before the command is known.
const OptionSpec* any_option(const std::string& name) {
  auto in = [&](const std::vector<OptionSpec>& v) -> const OptionSpec* {
    for (const auto& o : v)
      if (o.name == name) return &o;
    return nullptr;
  };
  if (auto o = in(builtin_options())) return o;
  if (auto o = in(common_options())) return o;
  for (const auto& c : commands())
    if (auto o = in(c.options)) return o;
  return nullptr;
}

std::vector<const OptionSpec*> allowed_for(const CommandSpec* command) {
  std::vector<const OptionSpec*> out;
  for (const auto& o : builtin_options()) out.push_back(&o);
  for (const auto& o : common_options()) out.push_back(&o);
  if (command)
    for (const auto& o : command->options) out.push_back(&o);
  return out;
}

// Optimal string alignment distance: a swapped pair ("listne") counts as one edit.
std::size_t distance(const std::string& a, const std::string& b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i)
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}

struct Token {
  std::string name;
  std::string value;
  bool inline_value = false;  // --name=value
  bool missing_value = false;
};

}  // namespace

std::string suggest(const std::string& name, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_d = 0;
  for (const auto& c : candidates) {
    std::size_t d = distance(name, c);
    // A prefix ("--with" for "--with-key") counts as near as one edit.
    if (name.size() >= 3 && c.rfind(name, 0) == 0) d = std::min<std::size_t>(d, 1);
    if (best.empty() || d < best_d) best = c, best_d = d;
  }
  std::size_t limit = std::max<std::size_t>(1, std::min<std::size_t>(3, name.size() / 3));
  return !best.empty() && best_d <= limit ? best : "";
}

Args::Args(int argc, char** argv, int first) {
  std::vector<std::string> v;
  for (int i = first; i < argc; ++i) v.emplace_back(argv[i]);
  parse(v);
}

Args::Args(const std::vector<std::string>& argv) {
  parse(argv);
}

void Args::parse(const std::vector<std::string>& argv) {
  std::vector<Token> tokens;
  for (std::size_t i = 0; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a.rfind("--", 0) != 0) {
      words_.push_back(a);
      continue;
    }
    Token t;
    auto eq = a.find('=');
    t.name = a.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
    if (eq != std::string::npos) {
      t.value = a.substr(eq + 1);
      t.inline_value = true;
    } else if (auto spec = any_option(t.name); spec && spec->takes_value()) {
      // A value may be empty (--ops-listen "") but is never the next option.
      if (i + 1 < argv.size() && argv[i + 1].rfind("--", 0) != 0)
        t.value = argv[++i];
      else
        t.missing_value = true;
    }
    tokens.push_back(std::move(t));
  }

  command_ = find_command(words_);
  std::string where = command_ ? "loginkit " + command_->path : "loginkit";
  if (!command_ && !words_.empty() && is_group(words_[0])) where = "loginkit " + words_[0];
  auto allowed = allowed_for(command_);
  std::vector<std::string> names;
  names.reserve(allowed.size());
  for (auto* o : allowed) names.push_back(o->name);

  for (const auto& t : tokens) {
    auto it =
        std::find_if(allowed.begin(), allowed.end(), [&](auto* o) { return o->name == t.name; });
    if (it == allowed.end()) {
      std::string msg = "unknown option --" + t.name;
      if (auto near = suggest(t.name, names); !near.empty())
        msg += "; did you mean --" + near + "?";
      msg += " (see " + where + " --help)";
      throw UsageError(msg);
    }
    const OptionSpec& o = **it;
    if (!o.takes_value() && t.inline_value)
      throw UsageError("option --" + o.name + " takes no value (given --" + o.name + "=" + t.value +
                       ")");
    if (t.missing_value)
      throw UsageError("option --" + o.name + " needs a value: --" + o.name + " " + o.value_name);
    if (!o.repeatable && flags_.count(o.name))
      throw UsageError("option --" + o.name + " given more than once");
    flags_.emplace(o.name, t.value);
  }

  if (words_.empty() || command_ || words_[0] == "help") return;  // `loginkit help`
  if (!is_group(words_[0]))
    throw UsageError("unknown command '" + words_[0] + "' (try loginkit --help)");
  if (words_.size() > 1)
    throw UsageError("unknown subcommand '" + words_[1] + "' (see " + where + " --help)");
  if (!has("help")) throw UsageError(where + " needs a subcommand (see " + where + " --help)");
}

std::optional<std::string> Args::get(const std::string& flag) const {
  auto it = flags_.find(flag);
  if (it == flags_.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> Args::all(const std::string& flag) const {
  std::vector<std::string> out;
  auto [b, e] = flags_.equal_range(flag);
  for (auto it = b; it != e; ++it) out.push_back(it->second);
  return out;
}

}  // namespace loginkit::cli
