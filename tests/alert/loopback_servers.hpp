#pragma once

// Real servers on 127.0.0.1 for the alert tests: Debian's aiosmtpd (a
// Python process started from smtp_server.py) and an HTTP receiver that
// answers with scripted statuses. No mocks: LLMscope talks to them over
// sockets exactly as it talks to a mail server or Slack.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "temp_dir.hpp"

namespace llmscope::alert_test {

namespace fs = std::filesystem;
using nlohmann::json;

// Polls `done` until it holds or `timeout` passes (generous: no test
// asserts how fast anything is).
inline bool wait_until(const std::function<bool()>& done,
                       std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
  auto end = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < end) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return done();
}

// A port on 127.0.0.1 that was free a moment ago.
inline int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

inline std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A self-signed certificate for 127.0.0.1 and localhost, made with the
// openssl command line; the tests trust it through its own file.
struct Certificate {
  std::string cert, key;
};
inline Certificate make_certificate(const fs::path& dir) {
  Certificate c{(dir / "cert.pem").string(), (dir / "key.pem").string()};
  std::string cmd =
      "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost"
      " -addext subjectAltName=IP:127.0.0.1,DNS:localhost -keyout '" +
      c.key + "' -out '" + c.cert + "' >/dev/null 2>&1";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << "openssl could not make a certificate";
  return c;
}

// aiosmtpd in its own process. Messages it accepts land in dir() as
// msg-N.json (parsed by Python's email package) and msg-N.eml.
class SmtpServer {
 public:
  struct Options {
    bool tls = true;            // offer (and require) STARTTLS
    bool implicit_tls = false;  // TLS from the first byte instead
    std::string user = "alerts", password = "s3cret pässword";
    int reject = 0;  // answer DATA with this code
  };

  SmtpServer(const fs::path& dir, const Certificate& cert) : dir_(dir), cert_(cert) {
    fs::create_directories(dir_);
  }
  ~SmtpServer() { stop(); }

  void start(int port, const Options& o) {
    stop();
    fs::remove(dir_ / "ready");
    std::vector<std::string> args = {"/usr/bin/python3",
                                     std::string(LLMSCOPE_ALERT_TESTS) + "/smtp_server.py",
                                     "--port",
                                     std::to_string(port),
                                     "--dir",
                                     dir_.string()};
    if (o.tls || o.implicit_tls)
      args.insert(args.end(), {"--cert", cert_.cert, "--key", cert_.key});
    if (o.implicit_tls) args.push_back("--implicit-tls");
    if (!o.user.empty()) args.insert(args.end(), {"--user", o.user, "--password", o.password});
    if (o.reject) args.insert(args.end(), {"--reject", std::to_string(o.reject)});
    pid_ = ::fork();
    if (pid_ == 0) {
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    ASSERT_TRUE(wait_until([&] { return fs::exists(dir_ / "ready"); }))
        << "the SMTP server did not start";
  }

  void stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

  // The messages received so far, in order.
  std::vector<json> messages() const {
    std::vector<json> out;
    for (int n = 1; fs::exists(dir_ / ("msg-" + std::to_string(n) + ".json")); ++n)
      out.push_back(json::parse(read_text(dir_ / ("msg-" + std::to_string(n) + ".json"))));
    return out;
  }
  std::string raw(int n) const { return read_text(dir_ / ("msg-" + std::to_string(n) + ".eml")); }

 private:
  fs::path dir_;
  Certificate cert_;
  pid_t pid_ = -1;
};

// An HTTP server on 127.0.0.1 that records every POST and answers with
// the scripted statuses in order (200 once they run out).
class HttpReceiver {
 public:
  struct Request {
    std::string path, body;
    httplib::Headers headers;
    int status = 200;  // what the receiver answered
  };

  explicit HttpReceiver(std::deque<int> statuses = {}) : statuses_(std::move(statuses)) {
    server_.Post(R"(/.*)", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mutex_);
      int status = 200;
      if (!statuses_.empty()) {
        status = statuses_.front();
        statuses_.pop_front();
      }
      requests_.push_back({req.path, req.body, req.headers, status});
      res.status = status;
      res.set_content(status == 200 ? "ok" : "scripted failure", "text/plain");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    wait_until([&] { return server_.is_running(); });
  }
  ~HttpReceiver() {
    server_.stop();
    thread_.join();
  }

  std::string url(const std::string& path = "/hook") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  std::vector<Request> requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }
  std::size_t count() const { return requests().size(); }
  // Requests that were answered 2xx.
  std::size_t accepted() const {
    std::size_t n = 0;
    for (const auto& r : requests()) n += r.status < 300;
    return n;
  }
  void script(std::deque<int> statuses) {
    std::lock_guard lock(mutex_);
    statuses_ = std::move(statuses);
  }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  mutable std::mutex mutex_;
  std::deque<int> statuses_;
  std::vector<Request> requests_;
};

}  // namespace llmscope::alert_test
