#pragma once
// Tells whether anyone committed to a SQLite database since the last look, for the read cache
// (store/cached/): PRAGMA data_version on a connection of the probe's own, which changes whenever
// another connection (this process's writer, or another process: the CLI, a second server)
// committed. One statement on an idle connection, no table read.
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

namespace loginkit::sqlite {

class Connection;

class ChangeProbe {
 public:
  explicit ChangeProbe(const std::string& path);
  ~ChangeProbe();
  ChangeProbe(const ChangeProbe&) = delete;
  ChangeProbe& operator=(const ChangeProbe&) = delete;

  // Changes after every commit made by any other connection; never changes otherwise.
  std::uint64_t data_version();

 private:
  std::mutex mu_;  // one connection, shared by every io thread: a probe holds it for microseconds
  std::unique_ptr<Connection> conn_;
};

}  // namespace loginkit::sqlite
