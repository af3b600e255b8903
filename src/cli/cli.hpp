#pragma once
namespace loginkit::cli {
// The `loginkit` command. Returns the process exit code.
int run(int argc, char** argv);
}  // namespace loginkit::cli
