#include "store/sqlite/sqlite_change_probe.hpp"

#include <stdexcept>

#include "store/sqlite/sqlite_db.hpp"

namespace loginkit::sqlite {

ChangeProbe::ChangeProbe(const std::string& path) : conn_(std::make_unique<Connection>(path)) {}

ChangeProbe::~ChangeProbe() = default;

std::uint64_t ChangeProbe::data_version() {
  std::lock_guard lock(mu_);
  auto s = conn_->prepare("PRAGMA data_version");
  if (!s.step()) throw std::runtime_error("sqlite: PRAGMA data_version returned no row");
  return static_cast<std::uint64_t>(s.i64(0));
}

}  // namespace loginkit::sqlite
