#include "ops/process_metrics.hpp"

#include <gtest/gtest.h>

#include <ctime>
#include <map>

using namespace loginkit;
using namespace loginkit::ops;

namespace {

// A /proc/[pid]/stat line whose command name holds a space and a ')' (proc(5) allows both).
constexpr const char* kStat =
    "4242 (loginkit (x) y) S 1 4242 4242 0 -1 4194560 2000 0 0 0 250 150 0 0 20 0 9 0 "
    "123400 987654321 2048 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 1 0 0 0 0 0\n";

constexpr const char* kLimits =
    "Limit                     Soft Limit           Hard Limit           Units     \n"
    "Max cpu time              unlimited            unlimited            seconds   \n"
    "Max open files            1024                 524288               files     \n"
    "Max locked memory         8388608              8388608              bytes     \n";

}  // namespace

TEST(ProcessMetrics, ParsesStatFieldsAfterTheLastParenthesis) {
  auto s = parse_proc_stat(kStat, 100, 4096);
  ASSERT_TRUE(s);
  EXPECT_DOUBLE_EQ(s->cpu_seconds, 4.0);  // (250 + 150) ticks at 100 Hz
  EXPECT_DOUBLE_EQ(s->start_after_boot, 1234.0);
  EXPECT_EQ(s->virtual_bytes, 987654321u);
  EXPECT_EQ(s->resident_bytes, 2048u * 4096u);
}

TEST(ProcessMetrics, RefusesTruncatedOrGarbledStat) {
  EXPECT_FALSE(parse_proc_stat("", 100, 4096));
  EXPECT_FALSE(parse_proc_stat("4242 (x) S 1 2 3", 100, 4096));
  EXPECT_FALSE(parse_proc_stat("4242 no parenthesis S 1 2 3", 100, 4096));
  std::string bad = kStat;
  bad.replace(bad.find(" 250 "), 5, " 2x0 ");
  EXPECT_FALSE(parse_proc_stat(bad, 100, 4096));
  EXPECT_FALSE(parse_proc_stat(kStat, 0, 4096));
}

TEST(ProcessMetrics, BootTimeFromTheBtimeLine) {
  EXPECT_EQ(parse_boot_time("cpu  1 2 3\nintr 5\nbtime 1780000000\nprocesses 9\n"), 1780000000.0);
  EXPECT_FALSE(parse_boot_time("cpu  1 2 3\nbtimex 5\n"));
  EXPECT_FALSE(parse_boot_time("btime soon\n"));
}

TEST(ProcessMetrics, MaxOpenFilesIsTheSoftLimit) {
  EXPECT_EQ(parse_max_open_files(kLimits), 1024u);
  EXPECT_FALSE(parse_max_open_files(
      "Max open files            unlimited            unlimited            files\n"));
  EXPECT_FALSE(parse_max_open_files("Max cpu time unlimited unlimited seconds\n"));
}

// This very process, read live: every family present and plausible.
TEST(ProcessMetrics, ThisProcessHasEveryFamily) {
  std::map<std::string, MetricSample> by_name;
  for (auto& s : process_samples()) by_name[s.name] = s;
  for (const char* n : {"process_cpu_seconds_total", "process_open_fds", "process_max_fds",
                        "process_virtual_memory_bytes", "process_resident_memory_bytes",
                        "process_start_time_seconds"}) {
    ASSERT_TRUE(by_name.count(n)) << n;
    EXPECT_FALSE(by_name[n].help.empty()) << n;
  }
  EXPECT_EQ(by_name["process_cpu_seconds_total"].type, "counter");
  EXPECT_EQ(by_name["process_open_fds"].type, "gauge");
  EXPECT_GT(by_name["process_open_fds"].value, 2);  // stdin, stdout, stderr at least
  EXPECT_GE(by_name["process_max_fds"].value, by_name["process_open_fds"].value);
  EXPECT_GT(by_name["process_resident_memory_bytes"].value, 1 << 20);
  EXPECT_GE(by_name["process_virtual_memory_bytes"].value,
            by_name["process_resident_memory_bytes"].value);
  double now = static_cast<double>(std::time(nullptr));
  EXPECT_LE(by_name["process_start_time_seconds"].value, now + 1);
  EXPECT_GT(by_name["process_start_time_seconds"].value, now - 24 * 3600);
}

TEST(ProcessMetrics, BuildInfoLabelsVersionStoreAndToolchain) {
  auto s = build_info_sample("1.2.3", "sqlite");
  EXPECT_EQ(s.name, "loginkit_build_info");
  EXPECT_EQ(s.type, "gauge");
  EXPECT_EQ(s.value, 1);
  EXPECT_TRUE(s.labels.starts_with(R"(version="1.2.3",store="sqlite",compiler=")")) << s.labels;
  EXPECT_NE(s.labels.find(R"(,boost="1.)"), std::string::npos) << s.labels;
}
