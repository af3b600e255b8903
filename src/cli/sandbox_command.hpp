#pragma once
#include "cli/args.hpp"
namespace loginkit::cli {
int sandbox_command(const Args& args);
}
