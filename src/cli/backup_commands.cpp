#include "cli/backup_commands.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>

#include "cli/environment.hpp"
#include "store/sqlite/backup.hpp"
#include "store/sqlite/migrations.hpp"

namespace loginkit::cli {
namespace {

namespace fs = std::filesystem;

bool is_postgres(const Config& c) {
  return store_engine(c) == StoreEngine::kPostgres;
}

// An in-memory store lives and dies with its server process: there is no file to copy or replace.
int refuse_memory(const Config& c) {
  if (store_engine(c) != StoreEngine::kMemory) return 0;
  std::cerr << "loginkit: the memory: store keeps nothing on disk; there is nothing to back up or "
               "restore\n";
  return 2;
}

std::string quoted(const std::string& s) {
  std::string out = "'";
  for (char ch : s) out += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
  return out + "'";
}

// PostgreSQL has its own online, consistent dump; loginkit says how to run it rather than pretend.
int postgres_instead(const Config& c, const std::string& file, bool backup) {
  std::string url = quoted(mask_url_password(c.store));
  std::cerr << "loginkit does not back up or restore PostgreSQL itself; run (with the real "
               "password):\n";
  if (backup) {
    std::cout << "pg_dump --format=custom --file " << quoted(file) << " " << url << "\n";
  } else {
    std::cout << "pg_restore --clean --if-exists --no-owner --single-transaction --dbname " << url
              << " " << quoted(file) << "\n";
  }
  std::cerr << "and keep the server key file " << server_key_path(c)
            << " with the dump: it is not in the database.\n";
  return 2;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path + ": " + std::strerror(errno));
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Copies a key file to `dest`, readable by this user alone, durably; refuses an existing dest
// unless `overwrite`.
void copy_key_file(const std::string& from, const std::string& dest, bool overwrite) {
  std::string key = read_file(from);
  std::string tmp = dest + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("cannot create " + tmp + ": " + std::strerror(errno));
  bool ok = ::fchmod(fd, 0600) == 0 &&
            ::write(fd, key.data(), key.size()) == static_cast<ssize_t>(key.size());
  ::close(fd);
  if (!ok) {
    fs::remove(tmp);
    throw std::runtime_error("cannot write " + tmp);
  }
  sqlite::publish_file(tmp, dest, overwrite);
}

std::string database_path(const Config& c) {
  return c.data_dir + "/loginkit.db";
}

}  // namespace

std::string mask_url_password(const std::string& url) {
  std::string out = url;
  auto scheme = out.find("://");
  auto at = out.find('@', scheme == std::string::npos ? 0 : scheme + 3);
  if (scheme != std::string::npos && at != std::string::npos) {
    auto colon = out.find(':', scheme + 3);
    if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "****");
  }
  for (auto p = out.find("password="); p != std::string::npos; p = out.find("password=", p + 1)) {
    auto end = out.find('&', p);
    auto from = p + std::strlen("password=");
    out.replace(from, (end == std::string::npos ? out.size() : end) - from, "****");
  }
  return out;
}

// An online backup: the server may keep running and writing (see sqlite::backup_database).
int db_backup_command(const Args& args) {
  std::string file = args.word(2);
  if (file.empty()) {
    std::cerr << "usage: loginkit db backup FILE [--force] [--with-key]\n";
    return 2;
  }
  Config c = load_config(args);
  if (int rc = refuse_memory(c)) return rc;
  if (is_postgres(c)) return postgres_instead(c, file, true);
  bool force = args.has("force"), with_key = args.has("with-key");
  std::string key_path = server_key_path(c), key_copy = file + ".key";
  // Every refusal before anything is written.
  if (with_key && !fs::exists(key_path)) {
    throw std::runtime_error("no server key file at " + key_path + " to copy");
  }
  if (with_key && !force && fs::exists(key_copy)) {
    throw std::runtime_error(key_copy + " exists; --force replaces it");
  }
  sqlite::BackupOptions options;
  options.overwrite = force;
  auto result = sqlite::backup_database(database_path(c), file, options);
  std::cout << "backed up " << database_path(c) << " to " << file << " (" << result.pages
            << " pages, integrity ok)\n";
  if (with_key) {
    copy_key_file(key_path, key_copy, force);
    std::cout << "server key copied to " << key_copy << " (mode 0600; keep it as secret as the "
              << "key itself)\n";
  } else {
    std::cout << "the server key is not in the database: keep a copy of " << key_path
              << " with this backup (or use --with-key)\n";
  }
  return 0;
}

// Replaces the configured SQLite database with a checked backup while no server runs on it.
int db_restore_command(const Args& args) {
  std::string file = args.word(2);
  if (file.empty()) {
    std::cerr << "usage: loginkit db restore FILE [--force] [--with-key]\n";
    return 2;
  }
  Config c = load_config(args);
  if (int rc = refuse_memory(c)) return rc;
  if (is_postgres(c)) return postgres_instead(c, file, false);
  bool force = args.has("force"), with_key = args.has("with-key");
  if (!fs::is_regular_file(file)) throw std::runtime_error("no backup file at " + file);
  std::string live = database_path(c), key_path = server_key_path(c);
  std::string key_copy = file + ".key";
  std::string key;
  if (with_key) {
    key = read_file(key_copy);
    if (!force && fs::exists(key_path) && read_file(key_path) != key) {
      throw std::runtime_error(key_path + " holds another server key; --force replaces it");
    }
  }
  fs::create_directories(c.data_dir);
  // Checked as a private copy beside the target, so the swap is one rename on one file system.
  std::string staged = live + ".restore.tmp";
  fs::copy_file(file, staged, fs::copy_options::overwrite_existing);
  int version = 0;
  try {
    version = sqlite::prepare_restore(staged, static_cast<int>(sqlite::migrations().size()));
    if (fs::exists(live) && !force) {
      throw std::runtime_error(live + " exists; --force replaces it (the old file is kept)");
    }
    std::string keep =
        fs::exists(live) ? live + ".before-restore-" + std::to_string(std::time(nullptr)) : "";
    sqlite::swap_in_database(staged, live, keep);
    if (!keep.empty()) std::cout << "the previous database is kept as " << keep << "\n";
  } catch (const std::exception& e) {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(staged + suffix);
    throw std::runtime_error("restore of " + file + " refused, nothing changed: " + e.what());
  }
  std::cout << "restored " << file << " (schema version " << version << ") into " << live << "\n";
  if (with_key) {
    copy_key_file(key_copy, key_path, true);
    std::cout << "server key restored to " << key_path << "\n";
  } else {
    std::cout << "the server key is not in the database: put the key file this backup was made "
              << "with at " << key_path << " (the server refuses to start with another key)\n";
  }
  return 0;
}

}  // namespace loginkit::cli
