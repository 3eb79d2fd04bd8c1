#pragma once

// A real cpp-httplib server on 127.0.0.1 for probe tests: it binds any free
// port, serves from its own thread, and stops in its destructor. Handlers
// that stall must poll released() so that the server can stop.
#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

namespace llmscope::probe::testing {

// A loopback port that was free a moment ago and has no listener now: a
// connection to it is refused.
inline int closed_loopback_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    throw std::runtime_error("bind failed");
  }
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

class LoopbackServer {
 public:
  // Plain http by default; pass an httplib::SSLServer for https.
  explicit LoopbackServer(
      std::unique_ptr<httplib::Server> http = std::make_unique<httplib::Server>())
      : http_(std::move(http)) {
    http_->set_tcp_nodelay(true);
  }

  ~LoopbackServer() {
    released_ = true;
    http_->stop();
    if (thread_.joinable()) thread_.join();
  }

  httplib::Server& http() { return *http_; }

  // Binds and starts serving; returns once the server accepts requests.
  void start() {
    port_ = http_->bind_to_any_port("127.0.0.1");
    if (port_ <= 0) throw std::runtime_error("bind_to_any_port failed");
    thread_ = std::thread([this] { http_->listen_after_bind(); });
    for (int i = 0; i < 500 && !http_->is_running(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    if (!http_->is_running()) throw std::runtime_error("server did not start");
  }

  int port() const { return port_; }
  std::string url() const {
    bool tls = dynamic_cast<const httplib::SSLServer*>(http_.get()) != nullptr;
    return std::string(tls ? "https" : "http") + "://127.0.0.1:" + std::to_string(port_);
  }

  // Set when the test ends: stalled handlers must return.
  bool released() const { return released_; }
  void release() { released_ = true; }

  // Sleeps until `deadline` or release(), whichever comes first.
  template <typename TimePoint>
  void stall_until(TimePoint deadline) const {
    while (!released_ && TimePoint::clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }

 private:
  std::unique_ptr<httplib::Server> http_;
  std::thread thread_;
  int port_ = 0;
  std::atomic<bool> released_{false};
};

}  // namespace llmscope::probe::testing
