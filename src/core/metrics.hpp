#pragma once
// Process metrics in the Prometheus text format (exposition format 0.0.4). Counters and
// histograms are keyed by name plus a rendered label set; cheap enough for per-request use.
// This unit does no I/O: values read from the system (process_*) come in through collectors
// that the caller registers and that run only when the text is rendered (at scrape time).
#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace loginkit {

// One sample a collector hands over at scrape time; samples of one family are adjacent.
struct MetricSample {
  std::string name;
  std::string type;  // "gauge" or "counter"
  std::string help;
  std::string labels;  // rendered, e.g. `version="1.2.0"` (or empty)
  double value = 0;
};

class Metrics {
 public:
  using Collector = std::function<std::vector<MetricSample>()>;

  // `labels` is already rendered, e.g. `endpoint="token",status="200"` (or empty). Names and
  // label sets already seen are looked up without building a std::string, so a hot path that
  // reuses its label buffer allocates nothing here.
  void count(std::string_view name, std::string_view labels = {}, std::uint64_t by = 1);
  void observe(std::string_view name, std::string_view labels, double seconds);
  void gauge_add(const std::string& name, std::int64_t delta);
  // HELP text per metric family, registered once at start.
  void describe(const std::string& name, const std::string& type, const std::string& help);
  // Runs on every render(), after the registry's own families.
  void add_collector(Collector collector);
  std::string render() const;

 private:
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1,    5};
  struct Histogram {
    std::array<std::uint64_t, kBuckets.size()> buckets{};
    std::uint64_t count = 0;
    double sum = 0;
  };
  template <class V>
  using Series = std::map<std::string, V, std::less<>>;  // labels -> value
  template <class V>
  using Families = std::map<std::string, Series<V>, std::less<>>;
  // Counters and histograms are split into shards picked by thread, so request threads updating
  // them do not contend on one lock; render() adds the shards up.
  struct Shard {
    std::mutex mu;
    Families<std::uint64_t> counters;
    Families<Histogram> histograms;
  };
  static constexpr std::size_t kShards = 16;
  Shard& shard();
  mutable std::array<Shard, kShards> shards_;
  mutable std::mutex mu_;  // gauges, help and collectors
  std::map<std::string, std::int64_t> gauges_;
  std::map<std::string, std::pair<std::string, std::string>> help_;  // name -> type, help
  std::vector<Collector> collectors_;
};

// Escapes a label value (Prometheus: backslash, quote, newline).
std::string label(const std::string& name, const std::string& value);
// The same, appended to `out` (with a comma first when `out` is not empty): no temporaries.
void append_label(std::string& out, std::string_view name, std::string_view value);
// A sample value as Prometheus reads it: shortest round-trip form, +Inf/-Inf/NaN spelt out.
std::string format_sample_value(double v);

}  // namespace loginkit
