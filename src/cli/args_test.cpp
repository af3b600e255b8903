// The command line is checked against the table in cli_options: unknown options fail with a
// suggestion, switches take no value, values are not optional, and help comes from the table.
#include "cli/args.hpp"

#include <gtest/gtest.h>

#include <map>

#include "cli/cli_options.hpp"

namespace loginkit::cli {
namespace {

std::string usage_error(const std::vector<std::string>& argv) {
  try {
    Args a(argv);
  } catch (const UsageError& e) {
    return e.what();
  }
  return "";
}

TEST(Args, UnknownOptionFailsWithTheNearestOfTheCommandsOwn) {
  EXPECT_EQ(usage_error({"serve", "--listne", "127.0.0.1:0"}),
            "unknown option --listne; did you mean --listen? (see loginkit serve --help)");
  EXPECT_NE(usage_error({"app", "create", "--name", "x", "--web-redirect-url", "https://a/cb"})
                .find("did you mean --web-redirect-uri?"),
            std::string::npos);
  EXPECT_NE(usage_error({"db", "backup", "f", "--with"}).find("did you mean --with-key?"),
            std::string::npos);
  // Nothing near: no guess.
  auto far = usage_error({"serve", "--frobnicate"});
  EXPECT_NE(far.find("unknown option --frobnicate"), std::string::npos);
  EXPECT_EQ(far.find("did you mean"), std::string::npos);
  // Another command's option is not this command's.
  EXPECT_NE(usage_error({"serve", "--json"}).find("unknown option --json"), std::string::npos);
  EXPECT_NE(usage_error({"db", "backup", "f", "--forse"}).find("did you mean --force?"),
            std::string::npos);
}

TEST(Args, SwitchGivenAValueFails) {
  EXPECT_EQ(usage_error({"audit", "--json=yes"}),
            "option --json takes no value (given --json=yes)");
  EXPECT_NE(usage_error({"serve", "--test-clock=1"}).find("takes no value"), std::string::npos);
}

TEST(Args, MissingValueFails) {
  EXPECT_EQ(usage_error({"serve", "--listen"}),
            "option --listen needs a value: --listen HOST:PORT");
  EXPECT_EQ(usage_error({"serve", "--data", "--test-clock"}),
            "option --data needs a value: --data DIR");
}

TEST(Args, ValuesInBothFormsAndAnEmptyValue) {
  Args a({"serve", "--listen=127.0.0.1:0", "--data", "dir", "--ops-listen", "", "--test-clock"});
  EXPECT_EQ(a.get("listen"), "127.0.0.1:0");
  EXPECT_EQ(a.get("data"), "dir");
  EXPECT_EQ(a.get("ops-listen"), "");
  EXPECT_TRUE(a.has("test-clock"));
  EXPECT_FALSE(a.has("threads"));
  EXPECT_EQ(a.words(), (std::vector<std::string>{"serve"}));
  Args eq({"serve", "--store=postgres://u@h/db?x=y"});
  EXPECT_EQ(eq.get("store"), "postgres://u@h/db?x=y");
}

TEST(Args, RepeatableOptionsCollectEveryValueOthersOnlyOnce) {
  Args a({"app", "create", "--name", "n", "--web-redirect-uri", "https://a/cb",
          "--web-redirect-uri=https://b/cb"});
  EXPECT_EQ(a.all("web-redirect-uri"), (std::vector<std::string>{"https://a/cb", "https://b/cb"}));
  EXPECT_EQ(usage_error({"serve", "--listen", "a:1", "--listen", "b:2"}),
            "option --listen given more than once");
}

TEST(Args, WordsNameTheCommandWhereverTheOptionsAre) {
  Args a({"--data", "d", "db", "backup", "--force", "out.db"});
  ASSERT_NE(a.command(), nullptr);
  EXPECT_EQ(a.command()->path, "db backup");
  EXPECT_EQ(a.word(2), "out.db");
  EXPECT_TRUE(a.has("force"));
  EXPECT_EQ(usage_error({"frobnicate"}), "unknown command 'frobnicate' (try loginkit --help)");
  EXPECT_EQ(usage_error({"app", "frob"}), "unknown subcommand 'frob' (see loginkit app --help)");
  EXPECT_EQ(usage_error({"app"}), "loginkit app needs a subcommand (see loginkit app --help)");
  EXPECT_EQ(usage_error({"app", "--help"}), "");
  EXPECT_EQ(usage_error({"--version"}), "");
}

TEST(CliOptions, ANameMeansTheSameInEveryCommand) {
  std::map<std::string, const OptionSpec*> seen;
  for (const auto& o : common_options()) seen[o.name] = &o;
  for (const auto& c : commands())
    for (const auto& o : c.options) {
      EXPECT_FALSE(o.help.empty()) << o.name;
      auto [it, fresh] = seen.emplace(o.name, &o);
      if (fresh) continue;
      EXPECT_EQ(it->second->takes_value(), o.takes_value()) << o.name << " in " << c.path;
      EXPECT_EQ(it->second->repeatable, o.repeatable) << o.name << " in " << c.path;
    }
}

TEST(CliOptions, HelpIsGeneratedFromTheTable) {
  auto full = help_text();
  for (const auto& c : commands()) {
    EXPECT_NE(full.find("\n  " + c.path), std::string::npos) << c.path;
    auto own = help_text(c);
    EXPECT_EQ(own.rfind("usage: loginkit " + c.path, 0), 0u) << own;
    for (const auto& o : c.options)
      EXPECT_NE(own.find("--" + o.name), std::string::npos) << c.path << " --" << o.name;
  }
  for (const auto& o : common_options()) EXPECT_NE(full.find("--" + o.name), std::string::npos);
  EXPECT_NE(full.find("default one per core"), std::string::npos);
  EXPECT_EQ(full.find("8 x cores"), std::string::npos);
  auto serve = help_text(*find_command({"serve"}));
  EXPECT_NE(serve.find("--ops-listen HOST:PORT"), std::string::npos);
  auto db = group_help_text("db");
  for (auto sub : {"db migrate", "db backup FILE [--force] [--with-key]", "db restore FILE"})
    EXPECT_NE(db.find(sub), std::string::npos) << sub;
  EXPECT_EQ(db.find("app create"), std::string::npos);
  auto all = help_all_text();
  for (const auto& c : commands()) EXPECT_NE(all.find(help_text(c)), std::string::npos) << c.path;
}

}  // namespace
}  // namespace loginkit::cli
