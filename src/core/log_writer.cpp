#include "core/log_writer.hpp"

#include <unistd.h>

#include <cerrno>
#include <chrono>

namespace loginkit {
namespace {

// After a wake-up, the writer lets lines gather this long before writing them: at thousands of
// requests a second a batch then carries dozens of lines, and an idle server logs within 1 ms.
constexpr auto kGather = std::chrono::milliseconds(1);

void write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    auto n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // nowhere to log (closed, full disk): lines are lost, requests are not
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

}  // namespace

LogWriter::LogWriter(int fd, std::size_t max_pending_bytes)
    : fd_(fd), max_pending_(max_pending_bytes), thread_([this] { run(); }) {}

LogWriter::~LogWriter() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void LogWriter::append(std::string_view line) {
  std::unique_lock lock(mu_);
  // A line larger than the whole queue still goes in, alone, so nothing waits forever.
  while (!pending_.empty() && pending_.size() + line.size() > max_pending_) {
    ++waiting_;
    room_.wait(lock);
    --waiting_;
  }
  pending_.append(line);
  ++appended_;
  // Only a sleeping writer needs the (system) call; a busy one finds the line on its next turn.
  if (idle_) {
    idle_ = false;
    wake_.notify_one();
  }
}

void LogWriter::flush() {
  std::unique_lock lock(mu_);
  const auto target = appended_;
  if (idle_ && written_ < target) {
    idle_ = false;
    wake_.notify_one();
  }
  ++waiting_;
  room_.wait(lock, [&] { return written_ >= target; });
  --waiting_;
}

std::uint64_t LogWriter::writes() const {
  std::lock_guard lock(mu_);
  return writes_;
}

void LogWriter::run() {
  std::string batch;  // swapped with pending_: both keep their capacity, so no allocation
  std::unique_lock lock(mu_);
  for (;;) {
    while (pending_.empty() && !stop_) {
      idle_ = true;
      wake_.wait(lock);
    }
    idle_ = false;
    if (pending_.empty()) return;  // stopping, everything written
    if (!stop_ && waiting_ == 0 && pending_.size() < max_pending_ / 2) {
      lock.unlock();
      std::this_thread::sleep_for(kGather);
      lock.lock();
    }
    batch.swap(pending_);
    const auto lines = appended_;
    lock.unlock();
    write_all(fd_, batch);
    batch.clear();
    lock.lock();
    written_ = lines;
    ++writes_;
    if (waiting_ > 0) room_.notify_all();
  }
}

}  // namespace loginkit
