#pragma once
// Process metrics in the Prometheus text format (exposition format 0.0.4). Counters and
// histograms are keyed by name plus a rendered label set; cheap enough for per-request use.
#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace loginkit {

class Metrics {
 public:
  // `labels` is already rendered, e.g. `endpoint="token",status="200"` (or empty).
  void count(const std::string& name, const std::string& labels = {}, std::uint64_t by = 1);
  void observe(const std::string& name, const std::string& labels, double seconds);
  void gauge_add(const std::string& name, std::int64_t delta);
  // HELP text per metric family, registered once at start.
  void describe(const std::string& name, const std::string& type, const std::string& help);
  std::string render() const;

 private:
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1,    5};
  struct Histogram {
    std::array<std::uint64_t, kBuckets.size()> buckets{};
    std::uint64_t count = 0;
    double sum = 0;
  };
  // Counters and histograms are split into shards picked by thread, so request threads updating
  // them do not contend on one lock; render() adds the shards up.
  struct Shard {
    std::mutex mu;
    std::map<std::string, std::map<std::string, std::uint64_t>> counters;
    std::map<std::string, std::map<std::string, Histogram>> histograms;
  };
  static constexpr std::size_t kShards = 16;
  Shard& shard();
  mutable std::array<Shard, kShards> shards_;
  mutable std::mutex mu_;  // gauges and help
  std::map<std::string, std::int64_t> gauges_;
  std::map<std::string, std::pair<std::string, std::string>> help_;  // name -> type, help
};

// Escapes a label value (Prometheus: backslash, quote, newline).
std::string label(const std::string& name, const std::string& value);

}  // namespace loginkit
