#include "cli/key_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <stdexcept>

#include "core/crypto.hpp"

namespace loginkit::cli {
namespace {

// meta rows: where older versions kept the key, and the check value of the key in use.
constexpr const char* kLegacyKey = "server_key";
constexpr const char* kKeyCheck = "server_key_check";
constexpr std::size_t kMinKeyLength = 32;

std::string errno_text() {
  return std::strerror(errno);
}

// Reveals nothing about the key (an HMAC under it) yet tells two keys apart.
std::string check_of(const std::string& key) {
  return crypto::hmac_sha256_base64url(key, "loginkit server key check");
}

std::optional<std::string> read_key_file(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return std::nullopt;
    throw std::runtime_error("server_key_file " + path + ": " + errno_text());
  }
  if ((st.st_mode & 077) != 0) {
    std::cerr << "warning: server key file " << path
              << " is readable by other users; chmod 600 it\n";
  }
  std::string key = read_secret_file(path, "server_key_file");
  if (key.size() < kMinKeyLength) {
    throw std::runtime_error("server_key_file " + path + " must hold at least " +
                             std::to_string(kMinKeyLength) + " characters");
  }
  return key;
}

void sync_directory(const std::filesystem::path& dir) {
  int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

// Publishes `key` at `path` unless a file is there already, readable by this user alone and
// durable before anyone uses it: written to a private temporary file, synced, then hard-linked
// into place (link fails if the name exists, so two processes starting at once on one data
// directory cannot both win or read a half-written file). Returns false when another file won.
bool publish_key_file(const std::string& path, const std::string& key) {
  std::filesystem::path p(path);
  if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path());
  std::string tmp = path + ".tmp." + std::to_string(::getpid());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0)
    throw std::runtime_error("cannot create server key file " + tmp + ": " + errno_text());
  std::string content = key + "\n";
  bool ok = ::fchmod(fd, 0600) == 0 &&
            ::write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size()) &&
            ::fsync(fd) == 0;
  std::string why = ok ? "" : errno_text();
  ::close(fd);
  bool linked = ok && ::link(tmp.c_str(), path.c_str()) == 0;
  if (ok && !linked && errno != EEXIST) {
    ok = false;
    why = errno_text();
  }
  ::unlink(tmp.c_str());
  if (!ok) throw std::runtime_error("cannot write server key file " + path + ": " + why);
  sync_directory(p.parent_path());
  return linked;
}

}  // namespace

std::string read_secret_file(const std::string& path, const std::string& setting) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(setting + ": cannot read " + path + ": " + errno_text());
  std::ostringstream text;
  text << in.rdbuf();
  std::string value = text.str();
  if (value.ends_with("\r\n")) {
    value.resize(value.size() - 2);
  } else if (value.ends_with('\n')) {
    value.pop_back();
  }
  if (value.empty()) throw std::runtime_error(setting + ": " + path + " is empty");
  return value;
}

std::string server_key_path(const Config& config) {
  if (!config.server_key_file.empty()) return config.server_key_file;
  if (const char* dir = std::getenv("CREDENTIALS_DIRECTORY"); dir && *dir) {
    std::string path = std::string(dir) + "/server_key";
    if (std::filesystem::exists(path)) return path;
  }
  return config.data_dir + "/server.key";
}

std::string load_server_key(const Config& config, Store& store) {
  const std::string path = server_key_path(config);
  auto key = read_key_file(path);
  auto legacy = store.meta().read_meta(kLegacyKey);
  bool created = false;
  if (!key) {
    if (!legacy && store.meta().read_meta(kKeyCheck)) {
      throw std::runtime_error(
          "no server key file at " + path +
          ", but this database was set up with one (another node created it): copy the key "
          "file from the node that created it there, or set server_key_file to it");
    }
    // An older version's database hands its key over unchanged (open_ids stay the same);
    // a fresh one gets a new key.
    std::string candidate = legacy ? *legacy : crypto::base64url(crypto::random_bytes(32));
    created = publish_key_file(path, candidate);
    key = created ? candidate : read_key_file(path);  // else a process beside us just made one
    if (!key) throw std::runtime_error("server key file " + path + " vanished while starting");
  }
  if (legacy && *key != *legacy) {
    throw std::runtime_error(
        "the server key in " + path +
        " differs from the one this database holds (meta.server_key); refusing to start, since "
        "either would change every open_id. Remove the wrong one (keep the database's if users "
        "already know their open_ids)");
  }
  // First node wins; every other node must hold the same key.
  if (store.meta().claim_meta(kKeyCheck, check_of(*key)) != check_of(*key)) {
    if (created && !legacy) ::unlink(path.c_str());
    throw std::runtime_error(
        "the server key in " + path +
        " is not the one this database was set up with: copy the key file from the node that "
        "created it there, or set server_key_file to it");
  }
  if (legacy) store.meta().delete_meta(kLegacyKey);
  return *key;
}

}  // namespace loginkit::cli
