#pragma once
// Secrets that live in files: the server key (the HMAC key behind open_id, union_id and the
// pre-session CSRF token) and the `*_file` forms of secret settings. The server key is loaded
// once at start by every command that opens the store, never read from the database it protects.
#include <string>

#include "core/config.hpp"
#include "store/store.hpp"

namespace loginkit::cli {

// A secret setting's file: its whole content minus one trailing newline. `setting` names the
// config key in errors.
std::string read_secret_file(const std::string& path, const std::string& setting);

// server_key_file if set; else $CREDENTIALS_DIRECTORY/server_key when systemd's LoadCredential
// provides one; else <data_dir>/server.key.
std::string server_key_path(const Config& config);

// The server key of `store`'s deployment, from server_key_path(config):
//  - the file is created (mode 0600) with a new key on a fresh database;
//  - a database from an older version still holding meta.server_key has that key moved into the
//    file (open_ids stay the same) and deleted from the database;
//  - the database records a check value of its key, so a missing or different key file (a second
//    node without the copy, a wrong file) stops the start instead of silently changing every
//    open_id. Throws std::runtime_error saying what to do.
std::string load_server_key(const Config& config, Store& store);

}  // namespace loginkit::cli
