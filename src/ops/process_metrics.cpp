#include "ops/process_metrics.hpp"

#include <unistd.h>

#include <boost/version.hpp>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace loginkit::ops {
namespace {

std::optional<std::string> read_file(const char* path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Splits on runs of spaces and tabs.
std::vector<std::string_view> words(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    std::size_t start = i;
    while (i < s.size() && s[i] != ' ' && s[i] != '\t' && s[i] != '\n') ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
    if (i < s.size() && s[i] == '\n') break;
  }
  return out;
}

template <class T>
std::optional<T> number(std::string_view s) {
  T v{};
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

// Entries of /proc/self/fd (the directory's own descriptor included, as client_golang counts).
std::optional<double> open_fds() {
  std::error_code ec;
  std::filesystem::directory_iterator it("/proc/self/fd", ec);
  if (ec) return std::nullopt;
  double n = 0;
  for (; it != std::filesystem::directory_iterator(); it.increment(ec)) {
    if (ec) return std::nullopt;
    ++n;
  }
  return n;
}

MetricSample gauge(const char* name, const char* help, double v, const char* type = "gauge") {
  return MetricSample{name, type, help, {}, v};
}

}  // namespace

std::optional<ProcStat> parse_proc_stat(std::string_view text, long ticks_per_second,
                                        long page_size) {
  auto close = text.rfind(')');
  if (close == std::string_view::npos || ticks_per_second <= 0 || page_size <= 0) {
    return std::nullopt;
  }
  // After ")": field 3 (state) is index 0, so field N is index N - 3.
  auto f = words(text.substr(close + 1));
  if (f.size() < 22) return std::nullopt;
  auto utime = number<std::uint64_t>(f[14 - 3]);
  auto stime = number<std::uint64_t>(f[15 - 3]);
  auto start = number<std::uint64_t>(f[22 - 3]);
  auto vsize = number<std::uint64_t>(f[23 - 3]);
  auto rss = number<std::int64_t>(f[24 - 3]);
  if (!utime || !stime || !start || !vsize || !rss || *rss < 0) return std::nullopt;
  const double hz = static_cast<double>(ticks_per_second);
  return ProcStat{static_cast<double>(*utime + *stime) / hz, static_cast<double>(*start) / hz,
                  *vsize, static_cast<std::uint64_t>(*rss) * static_cast<std::uint64_t>(page_size)};
}

std::optional<double> parse_boot_time(std::string_view proc_stat) {
  std::size_t pos = 0;
  while (pos < proc_stat.size()) {
    auto end = proc_stat.find('\n', pos);
    auto line = proc_stat.substr(pos, end == std::string_view::npos ? end : end - pos);
    auto w = words(line);
    if (w.size() == 2 && w[0] == "btime") {
      auto v = number<std::uint64_t>(w[1]);
      if (v) return static_cast<double>(*v);
      return std::nullopt;
    }
    if (end == std::string_view::npos) break;
    pos = end + 1;
  }
  return std::nullopt;
}

std::optional<std::uint64_t> parse_max_open_files(std::string_view limits) {
  constexpr std::string_view kName = "Max open files";
  auto at = limits.find(kName);
  if (at == std::string_view::npos) return std::nullopt;
  auto w = words(limits.substr(at + kName.size()));
  if (w.empty()) return std::nullopt;
  return number<std::uint64_t>(w[0]);  // the soft limit; "unlimited" is not a number
}

std::vector<MetricSample> process_samples() {
  std::vector<MetricSample> out;
  auto stat = read_file("/proc/self/stat");
  auto parsed =
      stat ? parse_proc_stat(*stat, sysconf(_SC_CLK_TCK), sysconf(_SC_PAGESIZE)) : std::nullopt;
  if (parsed) {
    out.push_back(gauge("process_cpu_seconds_total",
                        "Total user and system CPU time spent in seconds.", parsed->cpu_seconds,
                        "counter"));
  }
  if (auto fds = open_fds())
    out.push_back(gauge("process_open_fds", "Number of open file descriptors.", *fds));
  auto limits = read_file("/proc/self/limits");
  if (auto max = limits ? parse_max_open_files(*limits) : std::nullopt) {
    out.push_back(gauge("process_max_fds", "Maximum number of open file descriptors.",
                        static_cast<double>(*max)));
  }
  if (parsed) {
    out.push_back(gauge("process_virtual_memory_bytes", "Virtual memory size in bytes.",
                        static_cast<double>(parsed->virtual_bytes)));
    out.push_back(gauge("process_resident_memory_bytes", "Resident memory size in bytes.",
                        static_cast<double>(parsed->resident_bytes)));
    auto system_stat = read_file("/proc/stat");
    if (auto boot = system_stat ? parse_boot_time(*system_stat) : std::nullopt) {
      out.push_back(gauge("process_start_time_seconds",
                          "Start time of the process since unix epoch in seconds.",
                          *boot + parsed->start_after_boot));
    }
  }
  return out;
}

MetricSample build_info_sample(const std::string& version, const std::string& store_engine) {
  std::string labels;
  append_label(labels, "version", version);
  append_label(labels, "store", store_engine);
#if defined(__clang__)
  append_label(labels, "compiler", "clang " __clang_version__);
#elif defined(__GNUC__)
  append_label(labels, "compiler", "gcc " __VERSION__);
#endif
  append_label(labels, "boost",
               std::to_string(BOOST_VERSION / 100000) + "." +
                   std::to_string(BOOST_VERSION / 100 % 1000) + "." +
                   std::to_string(BOOST_VERSION % 100));
  return MetricSample{"loginkit_build_info", "gauge",
                      "A constant 1, labelled with the version and build of this binary.",
                      std::move(labels), 1};
}

void register_process_metrics(Metrics& metrics, const std::string& version,
                              const std::string& store_engine) {
  // Built once: the labels of a binary do not change while it runs.
  metrics.add_collector([info = build_info_sample(version, store_engine)] {
    auto out = process_samples();
    out.push_back(info);
    return out;
  });
}

}  // namespace loginkit::ops
