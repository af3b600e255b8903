#include "core/log_writer.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

using namespace loginkit;

namespace {

// A pipe whose read end is drained by a thread into a string.
struct Capture {
  int fds[2] = {-1, -1};
  std::string text;
  std::thread reader;
  Capture() {
    EXPECT_EQ(::pipe(fds), 0);
    reader = std::thread([this] {
      char buf[4096];
      for (;;) {
        auto n = ::read(fds[0], buf, sizeof buf);
        if (n <= 0) return;
        text.append(buf, static_cast<std::size_t>(n));
      }
    });
  }
  std::string finish() {
    ::close(fds[1]);
    reader.join();
    ::close(fds[0]);
    return text;
  }
};

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

}  // namespace

// Every line from every thread arrives whole, exactly once, in each thread's order, and the
// destructor writes what is still queued (a clean shutdown loses nothing).
TEST(LogWriter, EveryLineWholeOnceAndInOrderPerThread) {
  Capture cap;
  constexpr int kThreads = 4, kLines = 5000;
  {
    LogWriter log(cap.fds[1], 4096);  // small: appenders must wait for room many times
    std::vector<std::thread> threads;
    threads.reserve(kThreads);
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&log, t] {
        for (int i = 0; i < kLines; ++i) {
          log.append(std::string("{\"t\":").append(std::to_string(t)) +
                     std::string(",\"i\":").append(std::to_string(i)) + "}\n");
        }
      });
    }
    for (auto& th : threads) th.join();
  }
  auto lines = lines_of(cap.finish());
  ASSERT_EQ(lines.size(), static_cast<std::size_t>(kThreads * kLines));
  std::map<int, int> next;
  for (const auto& l : lines) {
    int t = -1, i = -1;
    ASSERT_EQ(std::sscanf(l.c_str(), "{\"t\":%d,\"i\":%d}", &t, &i), 2) << l;
    EXPECT_EQ(i, next[t]++) << l;
  }
}

// Lines are written in batches, not one write per line.
TEST(LogWriter, BatchesLines) {
  Capture cap;
  LogWriter log(cap.fds[1]);
  for (int i = 0; i < 1000; ++i) log.append("{\"i\":1}\n");
  log.flush();
  EXPECT_LT(log.writes(), 100u);
  EXPECT_GE(log.writes(), 1u);
  EXPECT_EQ(lines_of(cap.finish()).size(), 1000u);
}

// A line larger than the whole queue is still written (nobody waits forever).
TEST(LogWriter, OversizedLineGoesThrough) {
  Capture cap;
  {
    LogWriter log(cap.fds[1], 16);
    log.append(std::string(100, 'x') + "\n");
    log.append("short\n");
  }
  EXPECT_EQ(cap.finish(), std::string(100, 'x') + "\nshort\n");
}
