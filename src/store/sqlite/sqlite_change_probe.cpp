#include "store/sqlite/sqlite_change_probe.hpp"

#include <sqlite3.h>

#include <atomic>
#include <stdexcept>

#include "store/sqlite/sqlite_db.hpp"

namespace loginkit::sqlite {
namespace {

// The WAL-index header (walformat.html): two copies of 48 bytes, in native byte order. A writer
// updates the second copy, then the first; a reader that finds both equal has a whole header.
constexpr std::size_t kHeaderWords = 12;  // 48 bytes
constexpr int kRegionBytes = 32 * 1024;   // SQLite maps the WAL index in regions of this size
constexpr std::uint32_t kWalIndexVersion = 3007000;
constexpr std::uint64_t kUnknownBit = std::uint64_t{1} << 63;

}  // namespace

ChangeProbe::ChangeProbe(const std::string& path) : conn_(std::make_unique<Connection>(path)) {
  data_version();  // a read transaction: the connection now holds the WAL index open
  // SQLite's own mapping of the WAL index's first region, through the VFS: opening (and closing)
  // the -shm file here instead would drop every POSIX lock this process holds on it, SQLite's
  // included, and let another process truncate the file under the mapping.
  sqlite3_file* file = nullptr;
  if (sqlite3_file_control(conn_->raw(), "main", SQLITE_FCNTL_FILE_POINTER, &file) != SQLITE_OK ||
      file == nullptr || file->pMethods == nullptr || file->pMethods->iVersion < 2 ||
      file->pMethods->xShmMap == nullptr) {
    return;
  }
  void volatile* region = nullptr;
  if (file->pMethods->xShmMap(file, 0, kRegionBytes, 0, &region) == SQLITE_OK) {
    header_ = static_cast<const volatile std::uint32_t*>(region);
  }
}

ChangeProbe::~ChangeProbe() = default;  // the connection unmaps the WAL index

std::uint64_t ChangeProbe::version() {
  if (header_ == nullptr) return data_version();
  std::uint32_t first[kHeaderWords], second[kHeaderWords];
  for (std::size_t i = 0; i < kHeaderWords; ++i) first[i] = header_[i];
  std::atomic_thread_fence(std::memory_order_acquire);
  for (std::size_t i = 0; i < kHeaderWords; ++i) second[i] = header_[kHeaderWords + i];
  bool whole = true;
  for (std::size_t i = 0; i < kHeaderWords; ++i) whole = whole && first[i] == second[i];
  const auto* bytes = reinterpret_cast<const unsigned char*>(first);
  bool initialised = bytes[12] == 1;  // isInit
  if (!whole || !initialised || first[0] != kWalIndexVersion) {
    return kUnknownBit | unknown_.fetch_add(1);
  }
  // iChange (bumped by every commit) above mxFrame (the last valid frame).
  std::uint64_t change = first[2], max_frame = first[4];
  return ((change << 32) | max_frame) & ~kUnknownBit;
}

std::uint64_t ChangeProbe::data_version() {
  std::lock_guard lock(mu_);
  auto s = conn_->prepare("PRAGMA data_version");
  if (!s.step()) throw std::runtime_error("sqlite: PRAGMA data_version returned no row");
  return static_cast<std::uint64_t>(s.i64(0));
}

}  // namespace loginkit::sqlite
