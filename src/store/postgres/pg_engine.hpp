#pragma once
// What every artefact class of one PostgreSQL database shares: the connection pool, and the
// conninfo a health probe opens a fresh connection with.
#include <string>

#include "core/suspend.hpp"
#include "store/postgres/pg_db.hpp"

namespace loginkit::pg {

struct Engine {
  // No more connections than blocking calls can be in progress at once (core/suspend.hpp).
  explicit Engine(const std::string& conninfo)
      : conninfo(conninfo), pool(conninfo, blocking_threads()) {}

  std::string conninfo;
  Pool pool;
};

}  // namespace loginkit::pg
