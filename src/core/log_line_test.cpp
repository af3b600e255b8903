#include "core/log_line.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

using namespace loginkit;
namespace json = boost::json;

// An exception message quoting client input must stay inside its field: one line, the same keys.
TEST(LogLine, QuotesAndNewlinesCannotForgeFieldsOrLines) {
  std::string what = "bad value \"x\",\"level\":\"info\"}\n{\"forged\":true";
  std::string line = log_line({{"level", "error"}, {"log_id", "L1"}, {"what", what}});
  ASSERT_FALSE(line.empty());
  EXPECT_EQ(line.back(), '\n');
  EXPECT_EQ(line.find('\n'), line.size() - 1) << line;
  auto parsed = json::parse(line).as_object();
  EXPECT_EQ(parsed.size(), 3u);
  EXPECT_EQ(parsed.at("level").as_string(), "error");
  EXPECT_FALSE(parsed.contains("forged"));
  // Control characters are dropped; the quotes survive as text.
  EXPECT_EQ(parsed.at("what").as_string(), "bad value \"x\",\"level\":\"info\"}{\"forged\":true");
}

TEST(LogLine, InvalidUtf8BecomesReplacementCharacters) {
  std::string line = log_line({{"path", "/a\xff\xfe"}, {"n", 3}});
  auto parsed = json::parse(line).as_object();  // throws on invalid UTF-8
  EXPECT_EQ(parsed.at("path").as_string(), "/a\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(parsed.at("n").as_int64(), 3);
}

TEST(LogLine, NestedStringsAreCleanedToo) {
  json::object inner{{"x", "a\nb"}};
  std::string line = log_line({{"inner", inner}});
  EXPECT_EQ(line.find('\n'), line.size() - 1);
}

// The access log's builder writes exactly what log_line() writes for the same fields, whatever
// bytes the values carry.
TEST(LogLineBuilder, MatchesLogLineByteForByte) {
  const std::string values[] = {"",
                                "plain",
                                "20261206131416264019AAD78258E77DCD",
                                "quote \" and backslash \\ inside",
                                "tab\there, newline\nthere",
                                "/a\xff\xfe",
                                "caf\xC3\xA9 \x7F del",
                                std::string("nul\0byte", 8)};
  const double numbers[] = {0, 0.196243, 1.5, 12345.678, 1e-7};
  for (const auto& v : values) {
    for (double ms : numbers) {
      std::string built;
      LogLineBuilder(built)
          .add("time", "2026-12-06T13:14:16Z")
          .add("path", v)
          .add_int("status", 200)
          .add_number("ms", ms)
          .add("client_key", v)
          .finish();
      std::string expected = log_line({{"time", "2026-12-06T13:14:16Z"},
                                       {"path", v},
                                       {"status", 200},
                                       {"ms", ms},
                                       {"client_key", v}});
      EXPECT_EQ(built, expected);
    }
  }
}

TEST(LogLineBuilder, ReusesItsBuffer) {
  std::string out = "left over from the last line";
  LogLineBuilder(out).add_int("n", -3).finish();
  EXPECT_EQ(out, "{\"n\":-3}\n");
}
