#pragma once
// What every artefact class of one SQLite database shares: reads borrow a pooled connection,
// every write goes through the one writer thread (group commit, write_batcher.hpp).
#include <string>

#include "store/sqlite/sqlite_db.hpp"
#include "store/sqlite/write_batcher.hpp"

namespace loginkit::sqlite {

struct Engine {
  explicit Engine(const std::string& path) : path(path), pool(path), writer(path) {}

  std::string path;
  Pool pool;            // readers
  WriteBatcher writer;  // the one writer
};

}  // namespace loginkit::sqlite
