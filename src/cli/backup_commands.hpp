#pragma once
// `loginkit db backup FILE` and `loginkit db restore FILE`.
#include <string>

#include "cli/args.hpp"

namespace loginkit::cli {

int db_backup_command(const Args& args);
int db_restore_command(const Args& args);

// `url` with its password (user:PASSWORD@ and any password= parameter) replaced by ****.
std::string mask_url_password(const std::string& url);

}  // namespace loginkit::cli
