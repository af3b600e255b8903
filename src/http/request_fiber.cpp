#include "http/request_fiber.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/spawn.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/context/protected_fixedsize_stack.hpp>
#include <memory>
#include <mutex>
#include <vector>

#include "core/suspend.hpp"

namespace loginkit::http {
namespace {

namespace asio = boost::asio;
namespace ctx = boost::context;

constexpr std::size_t kStackBytes = 512 << 10;  // virtual; only the pages a handler touches count
constexpr std::size_t kKeptStacks = 256;        // beyond this, a finished fiber's stack is unmapped

// Stacks come from mmap with a guard page (a handler overflowing its stack faults instead of
// corrupting memory); finished fibers give them back here, so a request costs no mmap.
class StackPool {
 public:
  ctx::stack_context take() {
    {
      std::lock_guard lock(mu_);
      if (!free_.empty()) {
        auto s = free_.back();
        free_.pop_back();
        return s;
      }
    }
    return maker_.allocate();
  }
  void give(ctx::stack_context& s) {
    {
      std::lock_guard lock(mu_);
      if (free_.size() < kKeptStacks) {
        free_.push_back(s);
        return;
      }
    }
    maker_.deallocate(s);
  }

 private:
  std::mutex mu_;
  std::vector<ctx::stack_context> free_;
  ctx::protected_fixedsize_stack maker_{kStackBytes};
};

StackPool& stacks() {
  static auto* pool = new StackPool;  // never destroyed: fibers may finish during exit
  return *pool;
}

// The Boost.Context StackAllocator concept over the shared pool.
struct PooledStack {
  ctx::stack_context allocate() { return stacks().take(); }
  void deallocate(ctx::stack_context& s) { stacks().give(s); }
};

class FiberSuspender final : public Suspender {
 public:
  explicit FiberSuspender(const asio::yield_context& yield) : yield_(yield) {}

  void suspend(const std::function<void(Wake)>& start) override {
    set_current_suspender(nullptr);  // the thread goes back to its event loop
    asio::async_initiate<const asio::yield_context, void()>(
        [&start](auto handler) {
          auto shared = std::make_shared<decltype(handler)>(std::move(handler));
          // Resume on the connection's strand, never on the waking thread (the group-commit
          // writer or a blocking-pool thread).
          start([shared] { asio::post(std::move(*shared)); });
        },
        yield_);
    set_current_suspender(this);  // possibly another thread now
  }

 private:
  const asio::yield_context& yield_;
};

}  // namespace

asio::awaitable<Response> run_in_fiber(asio::any_io_executor ex,
                                       std::function<Response()> handler) {
#if defined(__SANITIZE_ADDRESS__)
  // AddressSanitizer does not see Boost.Context's stack switches: an exception thrown in a fiber
  // leaves stale redzones on the fiber stack (ASan cannot unpoison a stack it does not know) and
  // later frames there are reported as overflows. Sanitizer builds therefore run handlers inline,
  // blocking their thread, as the server did before fibers (http::serve gives them more threads).
  co_return handler();
#else
  // The fiber gets a pointer to `handler`, never the handler itself: Boost 1.81's spawn with
  // use_awaitable destroys the function object it is given once more than it makes it (a bitwise
  // duplicate), so a handler owning memory would be freed twice. A pointer is trivially
  // destructible, and `handler` lives in this coroutine's frame until the fiber has answered.
  co_return co_await asio::spawn(
      ex, std::allocator_arg, PooledStack{},
      [handler = &handler](const asio::yield_context& yield) {
        FiberSuspender suspender(yield);
        set_current_suspender(&suspender);
        struct Reset {
          ~Reset() { set_current_suspender(nullptr); }
        } reset;
        return (*handler)();
      },
      asio::use_awaitable);
#endif
}

}  // namespace loginkit::http
