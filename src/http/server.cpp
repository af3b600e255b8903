#include "http/server.hpp"

#include <unistd.h>

#include <array>
#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/json/object.hpp>
#include <chrono>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "core/log_line.hpp"
#include "core/suspend.hpp"
#include "http/header_check.hpp"
#include "http/messages.hpp"
#include "http/request_fiber.hpp"
#include "http/tls_context.hpp"

namespace loginkit::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using asio::awaitable;
using asio::use_awaitable;
constexpr auto kNoThrow = asio::as_tuple(use_awaitable);
constexpr std::size_t kIdleReadBytes = 512;  // the parser grows the buffer when a request is larger

// Server-wide state, shared by every listener.
struct ServerState {
  std::atomic<int> in_flight{0};
  std::atomic<bool> stopping{false};
};

// Counts one request as begun (its headers are read) until it is answered: the drain waits for
// these, and a request still arriving body-first counts as begun.
class InFlight {
 public:
  explicit InFlight(std::atomic<int>& n) : n_(n) { ++n_; }
  ~InFlight() { --n_; }
  InFlight(const InFlight&) = delete;
  InFlight& operator=(const InFlight&) = delete;

 private:
  std::atomic<int>& n_;
};

// One listener's view: its hooks and headers, the server's limits and state.
struct Shared {
  Shared(const HttpConfig& c, const Listener& l, ServerState& s)
      : config(c),
        listener(l),
        hooks(l.hooks),
        tls(l.tls),
        in_flight(s.in_flight),
        stopping(s.stopping) {}
  const HttpConfig& config;
  const Listener& listener;
  const ServerHooks& hooks;
  bool tls;
  std::atomic<int>& in_flight;
  std::atomic<bool>& stopping;
};

// The only place response headers are written. A header that could not go on the wire as one
// line (CR, LF or NUL anywhere, or a name that is not a token) is never written, whatever put it
// there: the whole answer becomes a server_error and one line is logged. `res` is updated to what
// is sent, so the access log records the real status. The head is formatted into the
// connection's own buffer (reused request after request) and goes out with the body in one
// gathered write.
template <typename Stream>
awaitable<boost::system::error_code> write_answer(const Shared& shared, Stream& stream,
                                                  std::string& head, Response& res,
                                                  const std::string& log_id, unsigned version,
                                                  bool keep_alive, bool head_only) {
  const auto& always = shared.listener.always_headers;
  auto bad = first_unsafe_header(res.headers);
  if (!bad) bad = first_unsafe_header(always);
  if (bad) {
    write_log_line(STDERR_FILENO, {{"level", "error"},
                                   {"log_id", log_id},
                                   {"what", "refused to write an unsafe response header"},
                                   {"header", *bad}});
    std::string client_key = std::move(res.client_key);
    res = server_error(log_id);
    res.client_key = std::move(client_key);
  }
  bool with_body = format_head(head, res, always, version, keep_alive, head_only);
  std::array<asio::const_buffer, 2> wire{
      asio::buffer(head), asio::buffer(res.body.data(), with_body ? res.body.size() : 0)};
  auto [ec, n] = co_await asio::async_write(stream, wire, kNoThrow);
  co_return ec;
}

Response run_handler(Shared& shared, Request& req) {
  try {
    return shared.hooks.handler(req);
  } catch (const std::exception& e) {
    // Infrastructure failure or a bug: one log line, a server_error to the client.
    write_log_line(STDERR_FILENO, {{"level", "error"}, {"log_id", req.log_id}, {"what", e.what()}});
    return server_error(req.log_id);
  }
}

template <typename Stream>
awaitable<void> serve_requests(Shared& shared, Stream& stream, beast::tcp_stream& tcp_layer,
                               std::string remote) {
  beast::flat_buffer buffer;
  std::string head;  // the answer's status line and headers, reused
  Request req;       // the request as handlers see it: its strings reused request after request
  bool first = true;
  for (;;) {
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(shared.config.max_header_bytes));
    parser.body_limit(shared.config.max_body_bytes);
    // A kept-alive connection may idle until its next request's first byte; from then on, one
    // deadline covers the whole request, so a client trickling bytes cannot hold us forever.
    boost::system::error_code ec;
    if (!first && buffer.size() == 0) {
      tcp_layer.expires_after(std::chrono::seconds(shared.config.idle_timeout_seconds));
      // An idle connection keeps only a small read buffer: thousands of idle keep-alive
      // connections must not each hold the last request's buffer. One that small is kept, so
      // a kept-alive client's next request costs no allocation.
      if (buffer.capacity() > kIdleReadBytes) buffer.shrink_to_fit();
      if (req.body.capacity() > kIdleReadBytes) std::string().swap(req.body);
      auto [wec, got] = co_await stream.async_read_some(buffer.prepare(kIdleReadBytes), kNoThrow);
      if (wec) co_return;
      buffer.commit(got);
    }
    first = false;
    tcp_layer.expires_after(std::chrono::seconds(shared.config.read_timeout_seconds));
    auto [hec, hn] = co_await bhttp::async_read_header(stream, buffer, parser, kNoThrow);
    ec = hec;
    std::optional<InFlight> begun;
    if (!ec) {
      begun.emplace(shared.in_flight);
      auto [rec, n] = co_await bhttp::async_read(stream, buffer, parser, kNoThrow);
      ec = rec;
    }
    if (ec == bhttp::error::end_of_stream || ec == asio::error::operation_aborted ||
        ec == beast::error::timeout || ec == asio::error::eof ||
        ec == asio::error::connection_reset) {
      co_return;
    }
    auto started = std::chrono::steady_clock::now();
    if (ec) {
      int status = ec == bhttp::error::body_limit     ? 413
                   : ec == bhttp::error::header_limit ? 431
                                                      : 400;
      Request refused;  // not `req`: the log shows no path of an earlier request
      shared.hooks.log_id(refused.log_id);
      refused.method = "?";
      Response res =
          refusal(status, status == 400 ? "The request is malformed." : "The request is too large.",
                  refused.log_id);
      tcp_layer.expires_after(std::chrono::seconds(shared.config.read_timeout_seconds));
      co_await write_answer(shared, stream, head, res, refused.log_id, 11, false, false);
      shared.hooks.access_log(refused, res, 0);
      co_return;
    }
    auto& msg = parser.get();
    to_request(msg, remote, shared.tls, req);
    shared.hooks.log_id(req.log_id);
    // Named, not temporaries of the co_await: GCC 12 destroys a temporary with a destructor in a
    // co_await expression twice (request_fiber_test.cpp shows what that did to a handler).
    std::function<Response()> handler = [&] { return run_handler(shared, req); };
    asio::any_io_executor executor = co_await asio::this_coro::executor;
    Response res = co_await run_in_fiber(executor, std::move(handler));
    bool keep_alive = msg.keep_alive() && !shared.stopping;
    tcp_layer.expires_after(std::chrono::seconds(shared.config.read_timeout_seconds));
    auto wec = co_await write_answer(shared, stream, head, res, req.log_id, msg.version(),
                                     keep_alive, msg.method() == bhttp::verb::head);
    begun.reset();
    double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count();
    shared.hooks.access_log(req, res, ms);
    if (wec || !keep_alive) co_return;
  }
}

// Reports a connection's life to the hooks (open-connections gauge).
struct ConnectionCount {
  explicit ConnectionCount(Shared& s) : shared(s) {
    if (shared.hooks.connections_changed) shared.hooks.connections_changed(1);
  }
  ~ConnectionCount() {
    if (shared.hooks.connections_changed) shared.hooks.connections_changed(-1);
  }
  ConnectionCount(const ConnectionCount&) = delete;
  ConnectionCount& operator=(const ConnectionCount&) = delete;
  Shared& shared;
};

awaitable<void> plain_session(Shared& shared, tcp::socket socket) {
  ConnectionCount counted(shared);
  std::string remote;
  boost::system::error_code ec;
  auto ep = socket.remote_endpoint(ec);
  if (!ec) remote = ep.address().to_string();
  beast::tcp_stream stream(std::move(socket));
  co_await serve_requests(shared, stream, stream, remote);
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
}

// Holds its context to the end: a reload swaps in a new one for later handshakes only.
awaitable<void> tls_session(Shared& shared, SslContext ssl, tcp::socket socket) {
  ConnectionCount counted(shared);
  std::string remote;
  boost::system::error_code ec;
  auto ep = socket.remote_endpoint(ec);
  if (!ec) remote = ep.address().to_string();
  beast::ssl_stream<beast::tcp_stream> stream(beast::tcp_stream(std::move(socket)), *ssl);
  beast::get_lowest_layer(stream).expires_after(
      std::chrono::seconds(shared.config.read_timeout_seconds));
  auto [hec] = co_await stream.async_handshake(asio::ssl::stream_base::server, kNoThrow);
  if (hec) co_return;
  co_await serve_requests(shared, stream, beast::get_lowest_layer(stream), remote);
  beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(2));
  co_await stream.async_shutdown(kNoThrow);
}

// One event loop per core, each run by exactly one thread: a connection lives on one loop for
// its whole life, so it needs no strand and its handlers never contend for a scheduler lock.
// The acceptor hands new connections to the loops in turn. `ssl` (null = plain HTTP) is read
// at each accept; it and the reload that replaces it both run on the main loop.
awaitable<void> accept_loop(Shared& shared, tcp::acceptor& acceptor,
                            std::vector<std::unique_ptr<asio::io_context>>& loops,
                            const SslContext* ssl) {
  std::size_t next = 0;
  for (;;) {
    auto& loop = *loops[next++ % loops.size()];
    auto [ec, socket] = co_await acceptor.async_accept(loop, kNoThrow);
    if (ec) {
      if (!acceptor.is_open()) co_return;
      // e.g. EMFILE: keep serving the connections we have, and retry shortly rather than spin
      // on an accept that keeps failing.
      asio::steady_timer pause(acceptor.get_executor(), std::chrono::milliseconds(50));
      co_await pause.async_wait(kNoThrow);
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec);
    auto ex = socket.get_executor();
    if (ssl) {
      asio::co_spawn(ex, tls_session(shared, *ssl, std::move(socket)), asio::detached);
    } else {
      asio::co_spawn(ex, plain_session(shared, std::move(socket)), asio::detached);
    }
  }
}

tcp::endpoint parse_listen(const std::string& listen) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) throw std::runtime_error("a listen address wants HOST:PORT");
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
  return {asio::ip::make_address(host),
          static_cast<unsigned short>(std::stoi(listen.substr(colon + 1)))};
}

}  // namespace

void serve(const HttpConfig& config, const std::vector<Listener>& listeners,
           const Lifecycle& lifecycle) {
  // One event-loop thread per core: handlers park their fibers instead of blocking a thread
  // (http/request_fiber.hpp), so more threads would only add context switches.
#if defined(__SANITIZE_ADDRESS__)
  // Handlers block their thread in sanitizer builds (http/request_fiber.cpp): as many threads as
  // the blocking pool has.
  const std::size_t default_threads = blocking_threads();
#else
  const std::size_t default_threads = std::max(1u, std::thread::hardware_concurrency());
#endif
  int threads = config.threads > 0 ? config.threads : static_cast<int>(default_threads);
  // Declared before the loops: connections still open at the end are destroyed with the loops,
  // and their coroutines read the listener state as they unwind.
  ServerState state;
  std::vector<std::unique_ptr<Shared>> shared;
  std::vector<std::unique_ptr<asio::io_context>> loops;
  loops.reserve(static_cast<std::size_t>(threads));
  for (int i = 0; i < threads; ++i) loops.push_back(std::make_unique<asio::io_context>(1));
  asio::io_context& main_loop = *loops.front();
  // Keeps every loop running while it has no connection yet.
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> keep_running;
  keep_running.reserve(loops.size());
  for (auto& loop : loops) keep_running.push_back(asio::make_work_guard(*loop));

  SslContext ssl;
  if (!config.tls_cert.empty()) ssl = make_ssl_context(config.tls_cert, config.tls_key);
  // The acceptors live on the main loop: accepting and closing never race across threads.
  std::vector<std::unique_ptr<tcp::acceptor>> acceptors;

  // Graceful stop: close the doors, let requests in flight finish (up to drain_timeout), then
  // stop; whatever still runs then is cut, and said so in one line. The signal handlers are set
  // before any listener reports that it listens: whoever waits for that may signal at once.
  asio::signal_set signals(main_loop, SIGINT, SIGTERM);
  asio::steady_timer drain(main_loop);
  auto deadline = std::chrono::steady_clock::now();
  std::function<void()> wait_drained = [&] {
    if (state.in_flight > 0 && std::chrono::steady_clock::now() <= deadline) {
      drain.expires_after(std::chrono::milliseconds(20));
      drain.async_wait([&](auto) { wait_drained(); });
      return;
    }
    if (int cut = state.in_flight; cut > 0) {
      write_log_line(STDERR_FILENO, {{"level", "warn"},
                                     {"what", "drain timed out; cutting requests still running"},
                                     {"requests", cut},
                                     {"drain_timeout", config.drain_timeout_seconds}});
    }
    for (auto& loop : loops) loop->stop();
  };
  signals.async_wait([&](const boost::system::error_code&, int) {
    state.stopping = true;
    boost::system::error_code ec;
    for (auto& acceptor : acceptors) acceptor->close(ec);
    if (lifecycle.draining) lifecycle.draining();
    deadline =
        std::chrono::steady_clock::now() + std::chrono::seconds(config.drain_timeout_seconds);
    wait_drained();
  });
  // Reloads, one at a time on the main loop, until the drain begins.
  asio::signal_set hangups(main_loop);
  std::function<void()> wait_hangup = [&] {
    hangups.async_wait([&](const boost::system::error_code& ec, int) {
      if (ec || state.stopping) return;
      reload(lifecycle, ssl);
      wait_hangup();
    });
  };
  if (lifecycle.reload) {
    hangups.add(SIGHUP);
    wait_hangup();
  }

  // Every socket is bound before any accepts, so a port clash stops the start, not half of it.
  for (const auto& listener : listeners) {
    if (listener.tls && !ssl) throw std::runtime_error("a TLS listener needs tls_cert and tls_key");
    shared.push_back(std::make_unique<Shared>(config, listener, state));
    auto& acceptor = *acceptors.emplace_back(std::make_unique<tcp::acceptor>(main_loop));
    auto endpoint = parse_listen(listener.address);
    acceptor.open(endpoint.protocol());
    acceptor.set_option(asio::socket_base::reuse_address(true));
    acceptor.bind(endpoint);
    acceptor.listen(asio::socket_base::max_listen_connections);
  }
  for (std::size_t i = 0; i < listeners.size(); ++i) {
    auto bound = acceptors[i]->local_endpoint();
    std::string host = bound.address().to_string();
    if (bound.address().is_v6()) host.insert(0, "[").push_back(']');
    if (listeners[i].on_listening) {
      std::string url = listeners[i].tls ? "https://" : "http://";
      url += host;
      url += ":" + std::to_string(bound.port());
      listeners[i].on_listening(url);
    }
    asio::co_spawn(main_loop,
                   accept_loop(*shared[i], *acceptors[i], loops, listeners[i].tls ? &ssl : nullptr),
                   asio::detached);
  }

  std::vector<std::thread> pool;
  for (std::size_t i = 1; i < loops.size(); ++i) pool.emplace_back([&, i] { loops[i]->run(); });
  main_loop.run();
  for (auto& t : pool) t.join();
}

}  // namespace loginkit::http
