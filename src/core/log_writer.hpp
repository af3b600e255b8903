#pragma once
// The access log's writer: request threads hand it finished lines and go on; one thread writes
// them in batches, one write(2) per batch instead of one per request. The queue is bounded: when
// it is full (whoever reads the log has stopped keeping up), append() blocks until the writer
// has made room, so no line is ever dropped; a server that cannot log slows down, as it did when
// every request wrote its own line. Lines appended before flush() or destruction are written.
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

namespace loginkit {

class LogWriter {
 public:
  // `max_pending_bytes`: how much may wait for the writer before append() blocks.
  explicit LogWriter(int fd, std::size_t max_pending_bytes = std::size_t{1} << 20);
  ~LogWriter();  // writes every line appended so far, then stops the thread
  LogWriter(const LogWriter&) = delete;
  LogWriter& operator=(const LogWriter&) = delete;

  // One whole line (ending in '\n'): lines never interleave.
  void append(std::string_view line);
  // Returns once every line appended before the call has been written.
  void flush();
  // How many write(2) calls the writer made (batches): for tests and the curious.
  std::uint64_t writes() const;

 private:
  void run();

  int fd_;
  std::size_t max_pending_;
  mutable std::mutex mu_;
  std::condition_variable wake_;  // the writer: lines or stop
  std::condition_variable room_;  // appenders waiting for room, flushers waiting for the disk
  std::string pending_;
  std::uint64_t appended_ = 0;  // lines appended so far
  std::uint64_t written_ = 0;   // of those, lines written
  std::uint64_t writes_ = 0;
  int waiting_ = 0;    // appenders and flushers blocked on room_
  bool idle_ = false;  // the writer sleeps on wake_
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace loginkit
