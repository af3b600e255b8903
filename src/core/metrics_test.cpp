#include "core/metrics.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <sstream>

using namespace loginkit;

namespace {

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

std::size_t count_lines(const std::string& text, const std::string& line) {
  std::size_t n = 0;
  for (const auto& l : lines(text)) n += l == line;
  return n;
}

bool has_line(const std::string& text, const std::string& line) {
  return count_lines(text, line) > 0;
}

// Exposition format 0.0.4: a comment, or `name{labels} value`.
const std::regex kSample(
    R"(^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\[\\"n])*",?)*\})? (\+Inf|-Inf|NaN|-?[0-9.eE+-]+)$)");

}  // namespace

TEST(Metrics, LabelValuesEscapeBackslashQuoteAndNewline) {
  EXPECT_EQ(label("path", "a\\b\"c\nd"), R"(path="a\\b\"c\nd")");
  std::string out;
  append_label(out, "a", "1");
  append_label(out, "b", "x\"y");
  EXPECT_EQ(out, R"(a="1",b="x\"y")");
}

TEST(Metrics, CountersHaveOneHelpAndTypeLineAndUntouchedOnesShowZero) {
  Metrics m;
  m.describe("lk_requests_total", "counter", "Requests.");
  m.describe("lk_idle_total", "counter", "Never counted.");
  m.count("lk_requests_total", label("endpoint", "token"));
  m.count("lk_requests_total", label("endpoint", "token"), 2);
  m.count("lk_requests_total", label("endpoint", "weird\"\n"));
  auto text = m.render();
  EXPECT_TRUE(has_line(text, "# HELP lk_requests_total Requests.")) << text;
  EXPECT_TRUE(has_line(text, "# TYPE lk_requests_total counter")) << text;
  EXPECT_TRUE(has_line(text, R"(lk_requests_total{endpoint="token"} 3)")) << text;
  EXPECT_TRUE(has_line(text, R"(lk_requests_total{endpoint="weird\"\n"} 1)")) << text;
  EXPECT_TRUE(has_line(text, "lk_idle_total 0")) << text;
  EXPECT_EQ(count_lines(text, "# TYPE lk_requests_total counter"), 1u);
}

TEST(Metrics, HistogramBucketsAreCumulativeWithInfSumAndCount) {
  Metrics m;
  m.describe("lk_seconds", "histogram", "Latency.");
  std::string labels;
  append_label(labels, "endpoint", "token");
  append_label(labels, "outcome", "ok");
  m.observe("lk_seconds", labels, 0.0004);
  m.observe("lk_seconds", labels, 0.3);
  m.observe("lk_seconds", labels, 10);
  auto text = m.render();
  EXPECT_TRUE(has_line(text, "# TYPE lk_seconds histogram")) << text;
  EXPECT_TRUE(has_line(text, R"(lk_seconds_bucket{endpoint="token",outcome="ok",le="0.0005"} 1)"))
      << text;
  EXPECT_TRUE(has_line(text, R"(lk_seconds_bucket{endpoint="token",outcome="ok",le="0.25"} 1)"));
  EXPECT_TRUE(has_line(text, R"(lk_seconds_bucket{endpoint="token",outcome="ok",le="0.5"} 2)"));
  EXPECT_TRUE(has_line(text, R"(lk_seconds_bucket{endpoint="token",outcome="ok",le="5"} 2)"));
  EXPECT_TRUE(has_line(text, R"(lk_seconds_bucket{endpoint="token",outcome="ok",le="+Inf"} 3)"));
  EXPECT_TRUE(has_line(text, R"(lk_seconds_sum{endpoint="token",outcome="ok"} 10.3004)")) << text;
  EXPECT_TRUE(has_line(text, R"(lk_seconds_count{endpoint="token",outcome="ok"} 3)"));
}

TEST(Metrics, CollectorsRunAtRenderTimeWithOneHeaderPerFamily) {
  Metrics m;
  m.describe("lk_requests_total", "counter", "Requests.");
  int runs = 0;
  m.add_collector([&runs] {
    ++runs;
    return std::vector<MetricSample>{
        {"process_start_time_seconds", "gauge", "Start.", "", 1781234567.25},
        {"lk_info", "gauge", "Info.", label("version", "1.2.3"), 1},
        {"lk_info", "gauge", "Info.", label("version", "other"), 1},
        {"lk_requests_total", "gauge", "A clash with the registry.", "", 7},
    };
  });
  EXPECT_EQ(runs, 0);
  auto text = m.render();
  EXPECT_EQ(runs, 1);
  m.render();
  EXPECT_EQ(runs, 2);
  // Full precision, not the six digits of a default ostream.
  EXPECT_TRUE(has_line(text, "process_start_time_seconds 1781234567.25")) << text;
  EXPECT_TRUE(has_line(text, "# TYPE process_start_time_seconds gauge"));
  EXPECT_TRUE(has_line(text, R"(lk_info{version="1.2.3"} 1)"));
  EXPECT_TRUE(has_line(text, R"(lk_info{version="other"} 1)"));
  EXPECT_FALSE(has_line(text, "lk_requests_total 7")) << "a clashing family is skipped";
  EXPECT_TRUE(has_line(text, "# TYPE lk_requests_total counter"));
  EXPECT_EQ(count_lines(text, "# TYPE lk_info gauge"), 1u);
}

TEST(Metrics, EveryLineOfARenderParses) {
  Metrics m;
  m.describe("lk_total", "counter", "C.");
  m.describe("lk_seconds", "histogram", "H.");
  m.count("lk_total", label("path", "a\\b\"c\nd"));
  m.observe("lk_seconds", {}, 0.01);
  m.gauge_add("lk_open", 2);
  m.add_collector([] { return std::vector<MetricSample>{{"lk_big", "gauge", "B.", "", 1e300}}; });
  auto text = m.render();
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.back(), '\n');
  for (const auto& l : lines(text)) {
    if (l.starts_with("# HELP ") || l.starts_with("# TYPE ")) continue;
    EXPECT_TRUE(std::regex_match(l, kSample)) << l;
  }
}

TEST(Metrics, SampleValuesSpellInfinitiesAndKeepPrecision) {
  EXPECT_EQ(format_sample_value(1.0 / 0.0), "+Inf");
  EXPECT_EQ(format_sample_value(-1.0 / 0.0), "-Inf");
  EXPECT_EQ(format_sample_value(0.0 / 0.0), "NaN");
  EXPECT_EQ(format_sample_value(3), "3");
  EXPECT_EQ(std::stod(format_sample_value(1781234567.125)), 1781234567.125);
}
