#pragma once
// The process_* families of the Prometheus client libraries, read from /proc at scrape time,
// and loginkit_build_info. The parsers are pure (fed the files' text) so tests can use fixtures.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/metrics.hpp"

namespace loginkit::ops {

// What /proc/[pid]/stat (proc(5)) says about CPU, memory and start time.
struct ProcStat {
  double cpu_seconds = 0;            // utime + stime
  double start_after_boot = 0;       // starttime, in seconds since boot
  std::uint64_t virtual_bytes = 0;   // vsize
  std::uint64_t resident_bytes = 0;  // rss pages x page size
};

// `ticks_per_second` is sysconf(_SC_CLK_TCK), `page_size` sysconf(_SC_PAGESIZE). The command
// name (field 2) may hold spaces and parentheses: fields are counted after its last ')'.
std::optional<ProcStat> parse_proc_stat(std::string_view text, long ticks_per_second,
                                        long page_size);
// The boot time, in seconds since the epoch: the "btime" line of /proc/stat.
std::optional<double> parse_boot_time(std::string_view proc_stat);
// The soft "Max open files" limit of /proc/[pid]/limits; nothing when "unlimited".
std::optional<std::uint64_t> parse_max_open_files(std::string_view limits);

// The samples of one scrape of this process (families that cannot be read are left out).
std::vector<MetricSample> process_samples();
// loginkit_build_info{version, store, compiler, boost} 1.
MetricSample build_info_sample(const std::string& version, const std::string& store_engine);
// Registers both with `metrics`, so every render() includes them.
void register_process_metrics(Metrics& metrics, const std::string& version,
                              const std::string& store_engine);

}  // namespace loginkit::ops
