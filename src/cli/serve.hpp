#pragma once
#include "cli/args.hpp"
namespace loginkit::cli {
int serve_command(const Args& args);
}
