#pragma once
#include "cli/args.hpp"
namespace loginkit::cli {
int app_command(const Args& args);
int user_command(const Args& args);
int developer_command(const Args& args);
int db_command(const Args& args);
int migration_command(const Args& args);
int audit_command(const Args& args);
int config_command(const Args& args);
int demo_command(const Args& args);
}  // namespace loginkit::cli
