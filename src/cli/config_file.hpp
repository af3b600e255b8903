#pragma once
#include <string>

#include "core/config.hpp"

namespace loginkit::cli {
// Reads a TOML config file into `config` (keys it omits keep their defaults). Throws
// std::runtime_error naming the key on any invalid value.
void load_config_file(const std::string& path, Config& config);
}  // namespace loginkit::cli
