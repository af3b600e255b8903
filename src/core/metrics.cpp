#include "core/metrics.hpp"

#include <functional>
#include <sstream>
#include <thread>

namespace loginkit {

Metrics::Shard& Metrics::shard() {
  return shards_[std::hash<std::thread::id>{}(std::this_thread::get_id()) % kShards];
}

void Metrics::count(const std::string& name, const std::string& labels, std::uint64_t by) {
  auto& s = shard();
  std::lock_guard lock(s.mu);
  s.counters[name][labels] += by;
}

void Metrics::observe(const std::string& name, const std::string& labels, double seconds) {
  auto& s = shard();
  std::lock_guard lock(s.mu);
  auto& h = s.histograms[name][labels];
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++h.buckets[i];
  }
  ++h.count;
  h.sum += seconds;
}

void Metrics::gauge_add(const std::string& name, std::int64_t delta) {
  std::lock_guard lock(mu_);
  gauges_[name] += delta;
}

void Metrics::describe(const std::string& name, const std::string& type, const std::string& help) {
  std::lock_guard lock(mu_);
  help_[name] = {type, help};
}

std::string Metrics::render() const {
  std::map<std::string, std::map<std::string, std::uint64_t>> counters;
  std::map<std::string, std::map<std::string, Histogram>> histograms;
  for (auto& s : shards_) {
    std::lock_guard lock(s.mu);
    for (const auto& [name, series] : s.counters) {
      for (const auto& [labels, v] : series) counters[name][labels] += v;
    }
    for (const auto& [name, series] : s.histograms) {
      for (const auto& [labels, h] : series) {
        auto& sum = histograms[name][labels];
        for (std::size_t i = 0; i < kBuckets.size(); ++i) sum.buckets[i] += h.buckets[i];
        sum.count += h.count;
        sum.sum += h.sum;
      }
    }
  }
  std::lock_guard lock(mu_);
  std::ostringstream out;
  auto header = [&](const std::string& name, const char* fallback_type) {
    auto it = help_.find(name);
    if (it != help_.end()) out << "# HELP " << name << " " << it->second.second << "\n";
    out << "# TYPE " << name << " " << (it != help_.end() ? it->second.first : fallback_type)
        << "\n";
  };
  auto with = [](const std::string& labels, const std::string& extra) {
    std::string all = labels;
    if (!extra.empty()) all += (all.empty() ? "" : ",") + extra;
    return all.empty() ? std::string() : "{" + all + "}";
  };
  for (const auto& [name, type_help] : help_) {
    // Families declared but never touched still appear, at zero, so dashboards see them.
    if (type_help.first == "counter" && !counters.count(name)) {
      header(name, "counter");
      out << name << " 0\n";
    }
  }
  for (const auto& [name, series] : counters) {
    header(name, "counter");
    for (const auto& [labels, v] : series) out << name << with(labels, "") << " " << v << "\n";
  }
  for (const auto& [name, v] : gauges_) {
    header(name, "gauge");
    out << name << " " << v << "\n";
  }
  for (const auto& [name, series] : histograms) {
    header(name, "histogram");
    for (const auto& [labels, h] : series) {
      for (std::size_t i = 0; i < kBuckets.size(); ++i) {
        std::ostringstream le;
        le << kBuckets[i];
        out << name << "_bucket" << with(labels, "le=\"" + le.str() + "\"") << " " << h.buckets[i]
            << "\n";
      }
      out << name << "_bucket" << with(labels, "le=\"+Inf\"") << " " << h.count << "\n";
      out << name << "_sum" << with(labels, "") << " " << h.sum << "\n";
      out << name << "_count" << with(labels, "") << " " << h.count << "\n";
    }
  }
  return out.str();
}

std::string label(const std::string& name, const std::string& value) {
  std::string v;
  for (char c : value) {
    if (c == '\\' || c == '"') v.push_back('\\');
    if (c == '\n') {
      v += "\\n";
      continue;
    }
    v.push_back(c);
  }
  return name + "=\"" + v + "\"";
}

}  // namespace loginkit
