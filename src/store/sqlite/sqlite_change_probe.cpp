#include "store/sqlite/sqlite_change_probe.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <stdexcept>

#include "store/sqlite/sqlite_db.hpp"

namespace loginkit::sqlite {
namespace {

// The WAL-index header (walformat.html): two copies of 48 bytes, in native byte order. A writer
// updates the second copy, then the first; a reader that finds both equal has a whole header.
constexpr std::size_t kHeaderWords = 12;  // 48 bytes
constexpr std::size_t kMapBytes = 4096;
constexpr std::uint32_t kWalIndexVersion = 3007000;
constexpr std::uint64_t kUnknownBit = std::uint64_t{1} << 63;

}  // namespace

ChangeProbe::ChangeProbe(const std::string& path) : conn_(std::make_unique<Connection>(path)) {
  data_version();  // opens the WAL index, so the -shm file exists and stays open from here on
  int fd = ::open((path + "-shm").c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  struct stat st {};
  if (::fstat(fd, &st) == 0 && static_cast<std::size_t>(st.st_size) >= kMapBytes) {
    void* p = ::mmap(nullptr, kMapBytes, PROT_READ, MAP_SHARED, fd, 0);
    if (p != MAP_FAILED) {
      header_ = static_cast<const volatile std::uint32_t*>(p);
      mapped_ = kMapBytes;
    }
  }
  ::close(fd);
}

ChangeProbe::~ChangeProbe() {
  if (header_ != nullptr) ::munmap(const_cast<std::uint32_t*>(header_), mapped_);
}

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
