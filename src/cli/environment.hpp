#pragma once
// What every subcommand opens: the config (file, then flags) and the store.
#include <memory>

#include "cli/args.hpp"
#include "cli/key_file.hpp"  // load_server_key: every command that opens the store loads it
#include "core/clock.hpp"
#include "core/config.hpp"
#include "store/store.hpp"

namespace loginkit::cli {

Config load_config(const Args& args);
// Which engine `store` selects: "postgres", "memory" or "sqlite" (the default, in data_dir).
enum class StoreEngine { kSqlite, kPostgres, kMemory };
StoreEngine store_engine(const Config& config);
const char* store_engine_name(StoreEngine engine);
std::unique_ptr<Store> open_store(const Config& config);

}  // namespace loginkit::cli
