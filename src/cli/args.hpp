#pragma once
// A small argv reader: positional words plus --flag value / --flag=value / --switch.
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace loginkit::cli {

class Args {
 public:
  Args(int argc, char** argv, int first);
  const std::vector<std::string>& words() const { return words_; }
  std::string word(std::size_t i) const { return i < words_.size() ? words_[i] : ""; }
  std::optional<std::string> get(const std::string& flag) const;
  std::vector<std::string> all(const std::string& flag) const;
  bool has(const std::string& flag) const { return flags_.count(flag) > 0; }

 private:
  std::vector<std::string> words_;
  std::multimap<std::string, std::string> flags_;
};

}  // namespace loginkit::cli
