// The second reference of bench/run.sh: the least an HTTP/1.1 server built on loginkit's own
// stack (Boost.Asio C++20 coroutines, Beast's parser and serializer, one io_context per core,
// connections dealt out in turn) does per request: read and parse the whole request, answer a
// fixed JSON body chosen by path, keep the connection alive. No handler, no fiber, no store, no
// log line: what loginkit does beyond this is what the ratio to this server measures.
//
// Usage: bench_beast_hello LISTEN CLIENT_TOKEN_BODY USER_TOKEN_BODY USER_INFO_BODY [THREADS]
//   LISTEN             HOST:PORT (port 0: any free port)
//   *_BODY             the answers, the same strings as the nginx reference's:
//                      POST /v2/oauth/token/ -> USER_TOKEN_BODY if the request carries an
//                      X-Bench-Workload header, else CLIENT_TOKEN_BODY; any other -> USER_INFO_BODY
//   THREADS            event loops (default: one per core, as loginkit)
// Prints "bench_beast_hello listening on http://HOST:PORT" once it accepts; SIGINT / SIGTERM stop.
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
// As loginkit's default read timeout: the deadline is part of what every request pays.
constexpr std::chrono::seconds kReadTimeout{30};

struct Bodies {
  std::string client_token;
  std::string user_token;
  std::string user_info;
};

bhttp::response<bhttp::string_body> answer(const Bodies& bodies,
                                           const bhttp::request<bhttp::string_body>& req) {
  bhttp::response<bhttp::string_body> res{bhttp::status::ok, req.version()};
  // The headers loginkit sends on these answers (the token endpoint adds Pragma).
  res.set(bhttp::field::content_type, "application/json");
  res.set(bhttp::field::cache_control, "no-store");
  if (req.method() == bhttp::verb::post && req.target() == "/v2/oauth/token/") {
    res.set(bhttp::field::pragma, "no-cache");
    res.body() =
        req.find("X-Bench-Workload") != req.end() ? bodies.user_token : bodies.client_token;
  } else {
    res.body() = bodies.user_info;
  }
  res.keep_alive(req.keep_alive());
  res.prepare_payload();
  return res;
}

asio::awaitable<void> session(const Bodies& bodies, tcp::socket socket) {
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  for (;;) {
    bhttp::request<bhttp::string_body> req;
    stream.expires_after(kReadTimeout);
    auto [rec, rn] = co_await bhttp::async_read(stream, buffer, req, kNoThrow);
    if (rec) break;
    auto res = answer(bodies, req);
    auto [wec, wn] = co_await bhttp::async_write(stream, res, kNoThrow);
    if (wec || !res.keep_alive()) break;
  }
  boost::system::error_code ec;
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
}

// Deliberately the same dealing of connections to loops as loginkit's (src/http/server.cpp), kept
// as a copy: the reference links nothing of loginkit's, so it measures the stack alone.
asio::awaitable<void> accept_loop(const Bodies& bodies, tcp::acceptor& acceptor,
                                  std::vector<std::unique_ptr<asio::io_context>>& loops) {
  std::size_t next = 0;
  for (;;) {
    auto& loop = *loops[next++ % loops.size()];
    auto [ec, socket] = co_await acceptor.async_accept(loop, kNoThrow);
    if (ec) {
      if (!acceptor.is_open()) co_return;
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec);
    auto ex = socket.get_executor();
    asio::co_spawn(ex, session(bodies, std::move(socket)), asio::detached);
  }
}

int run(int argc, char** argv) {
  if (argc < 5 || argc > 6) {
    std::cerr << "usage: bench_beast_hello HOST:PORT CLIENT_TOKEN_BODY USER_TOKEN_BODY "
                 "USER_INFO_BODY [THREADS]\n";
    return 2;
  }
  std::string listen = argv[1];
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) {
    std::cerr << "bench_beast_hello: LISTEN wants HOST:PORT\n";
    return 2;
  }
  const Bodies bodies{argv[2], argv[3], argv[4]};
  int threads = argc == 6 ? std::atoi(argv[5]) : 0;
  if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));

  std::vector<std::unique_ptr<asio::io_context>> loops;
  for (int i = 0; i < threads; ++i) loops.push_back(std::make_unique<asio::io_context>(1));
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> keep_running;
  for (auto& loop : loops) keep_running.push_back(asio::make_work_guard(*loop));
  asio::io_context& main_loop = *loops.front();

  tcp::endpoint endpoint{asio::ip::make_address(listen.substr(0, colon)),
                         static_cast<unsigned short>(std::stoi(listen.substr(colon + 1)))};
  tcp::acceptor acceptor(main_loop);
  acceptor.open(endpoint.protocol());
  acceptor.set_option(asio::socket_base::reuse_address(true));
  acceptor.bind(endpoint);
  acceptor.listen(asio::socket_base::max_listen_connections);

  asio::signal_set signals(main_loop, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code&, int) {
    boost::system::error_code ec;
    acceptor.close(ec);
    for (auto& loop : loops) loop->stop();
  });
  auto bound = acceptor.local_endpoint();
  std::cout << "bench_beast_hello listening on http://" << bound.address().to_string() << ':'
            << bound.port() << std::endl;
  asio::co_spawn(main_loop, accept_loop(bodies, acceptor, loops), asio::detached);

  std::vector<std::thread> pool;
  for (std::size_t i = 1; i < loops.size(); ++i) pool.emplace_back([&, i] { loops[i]->run(); });
  main_loop.run();
  for (auto& t : pool) t.join();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "bench_beast_hello: " << e.what() << '\n';
    return 1;
  }
}
