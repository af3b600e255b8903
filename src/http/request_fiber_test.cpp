// The event-loop contract: on a single thread, handlers that wait (for a group commit, for
// blocking work) park their fiber and let the other handlers run.
#include "http/request_fiber.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "core/suspend.hpp"
#include "store/connection_pool.hpp"
#include "store/sqlite/write_batcher.hpp"

namespace loginkit::http {
namespace {

namespace asio = boost::asio;

// Sanitizer builds run handlers inline (request_fiber.cpp): there is no fiber to park.
#if defined(__SANITIZE_ADDRESS__)
#define SKIP_WITHOUT_FIBERS() GTEST_SKIP() << "handlers run inline under AddressSanitizer"
#else
#define SKIP_WITHOUT_FIBERS() (void)0
#endif

std::string temp_db() {
  auto dir = std::filesystem::temp_directory_path() /
             ("lk-fiber-" + std::to_string(::getpid()) + "-" +
              std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
  std::filesystem::create_directories(dir);
  return (dir / "t.db").string();
}

// Spawns `n` request fibers on a one-thread loop and runs it until all have answered.
template <typename F>
int run_fibers(int n, F handler) {
  asio::io_context loop(1);
  int answered = 0;
  for (int i = 0; i < n; ++i) {
    asio::co_spawn(
        loop,
        [&, i]() -> asio::awaitable<void> {
          Response r = co_await run_in_fiber(loop.get_executor(), [&, i] { return handler(i); });
          if (r.status == 200) ++answered;
        },
        asio::detached);
  }
  loop.run();
  return answered;
}

// A handler that owns memory (captures a string by value) is destroyed exactly as often as it is
// made. The fiber used to capture the handler by value in a temporary of the `co_await spawn(…)`
// expression, and GCC 12 destroys such temporaries twice: the handler's memory was freed twice
// and the server aborted. (The caller names its handler for the same reason.)
struct Tracked {
  static inline int live = 0;
  std::string payload = std::string(200, 'x');
  Tracked() { ++live; }
  Tracked(const Tracked& other) : payload(other.payload) { ++live; }
  Tracked(Tracked&& other) noexcept : payload(std::move(other.payload)) { ++live; }
  Tracked& operator=(const Tracked&) = delete;
  Tracked& operator=(Tracked&&) = delete;
  ~Tracked() { --live; }
};

TEST(RequestFiber, AHandlerOwningMemoryIsDestroyedOnce) {
  std::string got;
  {
    asio::io_context loop(1);
    asio::co_spawn(
        loop,
        [&]() -> asio::awaitable<void> {
          Tracked owned;
          std::function<Response()> handler = [owned] {
            Response answer;
            answer.body = owned.payload;
            return answer;
          };
          asio::any_io_executor ex = loop.get_executor();
          Response r = co_await run_in_fiber(ex, std::move(handler));
          got = r.body;
        },
        asio::detached);
    loop.run();
  }
  EXPECT_EQ(got, std::string(200, 'x'));
  EXPECT_EQ(Tracked::live, 0);
}

TEST(RequestFiber, WritesFromOneThreadShareGroupCommitsAndAreDurableWhenAnswered) {
  SKIP_WITHOUT_FIBERS();
  std::string path = temp_db();
  sqlite::Connection(path).exec("CREATE TABLE t(x INTEGER)");
  sqlite::WriteBatcher writer(path);
  std::atomic<int> commits{0};
  writer.set_observer([&](std::size_t, double) { ++commits; });
  constexpr int kRequests = 64;
  std::vector<int> visible(kRequests, 0);
  int answered = run_fibers(kRequests, [&](int i) {
    writer.run(
        [&](sqlite::Connection& c) { c.prepare("INSERT INTO t VALUES (?)").bind(1, i).run(); });
    // Released only after the commit: another connection must already see the row.
    sqlite::Connection other(path);
    auto s = other.prepare("SELECT count(*) FROM t WHERE x = ?");
    s.bind(1, i);
    s.step();
    visible[i] = static_cast<int>(s.i64(0));
    return Response{};
  });
  EXPECT_EQ(answered, kRequests);
  for (int i = 0; i < kRequests; ++i) EXPECT_EQ(visible[i], 1) << "request " << i;
  // A thread that blocked on each commit would need one commit per request.
  EXPECT_LT(commits.load(), kRequests / 2);
  std::filesystem::remove_all(std::filesystem::path(path).parent_path());
}

TEST(RequestFiber, BlockingWorkDoesNotStopOtherFibersOnTheSameThread) {
  SKIP_WITHOUT_FIBERS();
  std::mutex mu;
  std::condition_variable cv;
  bool released = false;
  bool waited_ok = false;
  int answered = run_fibers(2, [&](int i) {
    if (i == 0) {
      // Waits for fiber 1, which can only run if this wait gave the thread back.
      waited_ok = run_blocking([&] {
        std::unique_lock lock(mu);
        return cv.wait_for(lock, std::chrono::seconds(20), [&] { return released; });
      });
    } else {
      {
        std::lock_guard lock(mu);
        released = true;
      }
      cv.notify_all();
    }
    return Response{};
  });
  EXPECT_EQ(answered, 2);
  EXPECT_TRUE(waited_ok);
}

TEST(RequestFiber, BlockingWorkRethrowsInTheFiberAndOutsideAFiberRunsInline) {
  bool caught = false;
  run_fibers(1, [&](int) {
    try {
      run_blocking([]() -> int { throw std::runtime_error("boom"); });
    } catch (const std::runtime_error&) {
      caught = true;
    }
    return Response{};
  });
  EXPECT_TRUE(caught);
  EXPECT_EQ(current_suspender(), nullptr);
  EXPECT_EQ(run_blocking([] { return 7; }), 7);
}

// Fibers far outnumber database connections: a bounded pool makes the extra ones wait (parked),
// instead of each opening its own connection to the database server.
struct CountedConnection {
  static inline std::atomic<int> open{0};
  static inline std::atomic<int> most{0};
  explicit CountedConnection(const std::string&) {
    int now = ++open;
    int seen = most.load();
    while (now > seen && !most.compare_exchange_weak(seen, now)) {
    }
  }
  ~CountedConnection() { --open; }
  bool healthy() const { return true; }
};

TEST(RequestFiber, BoundedPoolMakesExtraFibersWaitForAConnection) {
  SKIP_WITHOUT_FIBERS();
  ConnectionPool<CountedConnection> pool("db", 3);
  std::atomic<int> in_use{0};
  std::atomic<int> most_in_use{0};
  int answered = run_fibers(40, [&](int) {
    auto lease = pool.lease();
    int now = ++in_use;
    int seen = most_in_use.load();
    while (now > seen && !most_in_use.compare_exchange_weak(seen, now)) {
    }
    // A database round trip: the fiber parks while holding its connection.
    run_blocking([] { std::this_thread::sleep_for(std::chrono::milliseconds(2)); });
    --in_use;
    return Response{};
  });
  EXPECT_EQ(answered, 40);
  EXPECT_LE(CountedConnection::most.load(), 3);
  EXPECT_LE(most_in_use.load(), 3);
  EXPECT_GE(most_in_use.load(), 2);  // the waits overlapped: fibers did not run one by one
}

}  // namespace
}  // namespace loginkit::http
