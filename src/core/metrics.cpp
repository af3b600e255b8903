#include "core/metrics.hpp"

#include <charconv>
#include <cmath>
#include <set>
#include <sstream>
#include <thread>

namespace loginkit {
namespace {

// Finds `key`, inserting a default value only the first time (one allocation per new series).
template <class M>
typename M::mapped_type& slot(M& m, std::string_view key) {
  auto it = m.find(key);
  if (it == m.end()) it = m.emplace(std::string(key), typename M::mapped_type{}).first;
  return it->second;
}

}  // namespace

Metrics::Shard& Metrics::shard() {
  return shards_[std::hash<std::thread::id>{}(std::this_thread::get_id()) % kShards];
}

void Metrics::count(std::string_view name, std::string_view labels, std::uint64_t by) {
  auto& s = shard();
  std::lock_guard lock(s.mu);
  slot(slot(s.counters, name), labels) += by;
}

void Metrics::observe(std::string_view name, std::string_view labels, double seconds) {
  auto& s = shard();
  std::lock_guard lock(s.mu);
  auto& h = slot(slot(s.histograms, name), labels);
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

void Metrics::add_collector(Collector collector) {
  std::lock_guard lock(mu_);
  collectors_.push_back(std::move(collector));
}

std::string Metrics::render() const {
  Families<std::uint64_t> counters;
  Families<Histogram> histograms;
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
  // The text format allows one # TYPE (and # HELP) line per family, before its samples.
  std::set<std::string, std::less<>> headed;
  auto header = [&](const std::string& name, const char* fallback_type) {
    if (!headed.insert(name).second) return;
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
        // `le` keeps the spelling it always had ("0.0005", not "5e-04"): queries match on it.
        std::ostringstream le;
        le << kBuckets[i];
        out << name << "_bucket" << with(labels, "le=\"" + le.str() + "\"") << " " << h.buckets[i]
            << "\n";
      }
      out << name << "_bucket" << with(labels, "le=\"+Inf\"") << " " << h.count << "\n";
      out << name << "_sum" << with(labels, "") << " " << format_sample_value(h.sum) << "\n";
      out << name << "_count" << with(labels, "") << " " << h.count << "\n";
    }
  }
  const auto registry_families = headed;
  for (const auto& collect : collectors_) {
    for (const auto& s : collect()) {
      // A collector's family that clashes with the registry's would break the format: skipped.
      if (registry_families.count(s.name)) continue;
      if (headed.insert(s.name).second) {
        out << "# HELP " << s.name << " " << s.help << "\n";
        out << "# TYPE " << s.name << " " << s.type << "\n";
      }
      out << s.name << with(s.labels, "") << " " << format_sample_value(s.value) << "\n";
    }
  }
  return out.str();
}

void append_label(std::string& out, std::string_view name, std::string_view value) {
  if (!out.empty()) out.push_back(',');
  out.append(name);
  out.append("=\"");
  for (char c : value) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') {
      out.append("\\n");
      continue;
    }
    out.push_back(c);
  }
  out.push_back('"');
}

std::string label(const std::string& name, const std::string& value) {
  std::string out;
  append_label(out, name, value);
  return out;
}

std::string format_sample_value(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, end);
}

}  // namespace loginkit
