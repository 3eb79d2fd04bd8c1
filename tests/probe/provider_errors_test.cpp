// Failures of the newer providers and transports, each produced for real
// on loopback: Anthropic's error event, 529 and 429 with Retry-After, a
// server rejecting stream_options, plain HTTP checks, a TLS server with a
// self-signed certificate, and a connection reset by the peer.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

#include "loopback_server.hpp"
#include "probe/probe.hpp"
#include "probe/scheduler.hpp"
#include "replay_server.hpp"
#include "test_data.hpp"

namespace llmscope::probe {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

void expect_failed(const ProbeOutcome& out, ErrorKind kind) {
  EXPECT_FALSE(out.sample.success);
  EXPECT_EQ(to_string(out.sample.error_kind), to_string(kind)) << out.sample.error.value_or("");
  EXPECT_FALSE(out.sample.latency_ms.has_value());
  EXPECT_FALSE(out.sample.ttft_ms.has_value());
  EXPECT_FALSE(out.sample.total_ms.has_value());
  EXPECT_FALSE(out.sample.gap_p50_ms.has_value());
}

ProbeTarget target(const std::string& url, const char* provider) {
  ProbeTarget t;
  t.provider = provider;
  t.base_url = url;
  t.model = "m";
  t.timeout_s = 5;
  return t;
}

void stream(testing::LoopbackServer& server, const std::string& path, std::string body) {
  server.http().Post(path, [body](const httplib::Request&, httplib::Response& res) {
    res.set_content(body, "text/event-stream");
  });
}

TEST(ProviderErrors, AnthropicErrorEventMidStreamIsStreamError) {
  testing::LoopbackServer server;
  std::string sse = testing::read_data("api/anthropic_messages_stream_ping.sse");
  std::string head = sse.substr(0, sse.find("event: content_block_stop"));
  stream(server, "/v1/messages",
         head +
             "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
             "\"message\":\"Overloaded\"}}\n\n");
  server.start();
  ProbeOutcome out = run_probe(target(server.url(), "anthropic"));
  expect_failed(out, ErrorKind::stream_error);
  EXPECT_EQ(out.sample.error, "Overloaded");
  EXPECT_EQ(out.timing.text_events, 4);
}

TEST(ProviderErrors, AnthropicStreamWithoutMessageStopIsTruncated) {
  testing::LoopbackServer server;
  std::string sse = testing::read_data("api/anthropic_messages_stream_ping.sse");
  stream(server, "/v1/messages", sse.substr(0, sse.find("event: message_stop")));
  server.start();
  expect_failed(run_probe(target(server.url(), "anthropic")), ErrorKind::truncated);
}

TEST(ProviderErrors, AnthropicMalformedDataIsBadPayload) {
  testing::LoopbackServer server;
  stream(server, "/v1/messages", "event: message_start\ndata: {\"type\":\"message_start\"\n\n");
  server.start();
  expect_failed(run_probe(target(server.url(), "anthropic")), ErrorKind::bad_payload);
}

TEST(ProviderErrors, AnthropicStreamOfPingsOnlyIsEmpty) {
  testing::LoopbackServer server;
  stream(server, "/v1/messages",
         "event: ping\ndata: {\"type\":\"ping\"}\n\n"
         "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
  server.start();
  expect_failed(run_probe(target(server.url(), "anthropic")), ErrorKind::empty);
}

// The recorded 529 and 429 bodies, with a Retry-After header as Anthropic
// and OpenAI send it; the delay is kept with the failure.
TEST(ProviderErrors, Anthropic529And429KeepRetryAfter) {
  testing::LoopbackServer server;
  std::atomic<int> calls{0};
  server.http().Post("/v1/messages", [&](const httplib::Request&, httplib::Response& res) {
    bool first = calls++ == 0;
    res.status = first ? 529 : 429;
    res.set_header("retry-after", first ? "30" : "7");
    res.set_content(testing::read_data(first ? "api/anthropic_error_529_overloaded.json"
                                             : "api/anthropic_error_429_rate_limit.json"),
                    "application/json");
  });
  server.start();
  ProbeOutcome overloaded = run_probe(target(server.url(), "anthropic"));
  expect_failed(overloaded, ErrorKind::overloaded);
  EXPECT_EQ(overloaded.sample.retry_after_s, 30.0);
  ProbeOutcome limited = run_probe(target(server.url(), "anthropic"));
  expect_failed(limited, ErrorKind::http_429);
  EXPECT_EQ(limited.sample.retry_after_s, 7.0);
  EXPECT_EQ(limited.sample.http_status, 429);
}

TEST(ProviderErrors, OpenAi429RecordedHeadersGiveRetryAfter) {
  json recorded = json::parse(testing::read_data("api/openai_error_429_rate_limit.headers.json"));
  testing::LoopbackServer server;
  server.http().Post("/v1/chat/completions", [&](const httplib::Request&, httplib::Response& res) {
    res.status = 429;
    for (auto& [name, value] : recorded["headers"].items()) {
      if (name.starts_with("x-") || name.starts_with("retry-"))
        res.set_header(name.c_str(), value.get<std::string>());
    }
    res.set_content(testing::read_data("api/openai_error_429_rate_limit.json"), "application/json");
  });
  server.start();
  ProbeOutcome out = run_probe(target(server.url(), "openai"));
  expect_failed(out, ErrorKind::http_429);
  EXPECT_EQ(out.sample.retry_after_s, 1.0);  // "retry-after": "1"
}

// A server that refuses stream_options (as some OpenAI-compatible servers
// do) answers 400; the probe asks again without it.
class UsageRejectingServer {
 public:
  UsageRejectingServer() {
    std::string sse = testing::read_data("api/openai_chat_stream.sse");
    // Without include_usage there is no usage chunk.
    std::size_t usage = sse.find("data: {", sse.find("\"finish_reason\":\"stop\""));
    std::string plain = sse.substr(0, usage) + "data: [DONE]\n\n";
    server_.http().Post(
        "/v1/chat/completions", [this, plain](const httplib::Request& req, httplib::Response& res) {
          requests_++;
          if (json::parse(req.body).contains("stream_options")) {
            with_option_++;
            res.status = 400;
            res.set_content(
                R"({"error":{"message":"Unrecognized request argument supplied: stream_options"}})",
                "application/json");
            return;
          }
          res.set_content(plain, "text/event-stream");
        });
    server_.start();
  }
  std::string url() const { return server_.url(); }
  int requests() const { return requests_; }
  int with_option() const { return with_option_; }

 private:
  testing::LoopbackServer server_;
  std::atomic<int> requests_{0};
  std::atomic<int> with_option_{0};
};

TEST(ProviderErrors, OpenAiServerRejectingStreamOptionsIsRetriedWithout) {
  UsageRejectingServer server;
  ProbeOutcome out = run_probe(target(server.url(), "openai"));
  ASSERT_TRUE(out.sample.success) << out.sample.error.value_or("");
  EXPECT_EQ(server.requests(), 2);
  EXPECT_EQ(server.with_option(), 1);
  EXPECT_EQ(out.sample.output_tokens, 8);  // the 8 text chunks, counted
  EXPECT_EQ(out.sample.output_tokens_source, "events");
}

TEST(ProviderErrors, SchedulerRemembersAServerRejectingStreamOptions) {
  UsageRejectingServer server;
  std::mutex mu;
  std::vector<Sample> samples;
  Scheduler scheduler([&](Sample s) {
    std::lock_guard lock(mu);
    samples.push_back(std::move(s));
  });
  ProbeTarget t = target(server.url(), "openai");
  t.id = 1;
  t.interval_s = 0.1;
  scheduler.set_targets({t});
  scheduler.start();
  for (int i = 0; i < 300; ++i) {
    {
      std::lock_guard lock(mu);
      if (samples.size() >= 4) break;
    }
    std::this_thread::sleep_for(10ms);
  }
  scheduler.stop();

  ASSERT_GE(samples.size(), 4u);
  for (const Sample& s : samples) EXPECT_TRUE(s.success) << s.error.value_or("");
  EXPECT_EQ(server.with_option(), 1);  // asked once, never again
  auto counters = scheduler.counters().at(1);
  EXPECT_TRUE(counters.usage_option_off);
  EXPECT_EQ(counters.failures, 0);
  EXPECT_EQ(counters.probes, counters.completed);
}

// A 400 that has nothing to do with stream_options (here: every request
// is refused) must not turn usage off for good.
TEST(ProviderErrors, SchedulerKeepsAskingForUsageWhenTheRetryFailsToo) {
  testing::LoopbackServer server;
  std::atomic<int> with_option{0};
  server.http().Post(
      "/v1/chat/completions", [&](const httplib::Request& req, httplib::Response& res) {
        if (json::parse(req.body).contains("stream_options")) with_option++;
        res.status = 400;
        res.set_content(R"({"error":{"message":"model not found"}})", "application/json");
      });
  server.start();
  std::atomic<int> samples{0};
  Scheduler scheduler([&](Sample s) {
    EXPECT_EQ(s.error_kind, ErrorKind::http_4xx);
    samples++;
  });
  ProbeTarget t = target(server.url(), "openai");
  t.id = 1;
  t.interval_s = 0.1;
  scheduler.set_targets({t});
  scheduler.start();
  for (int i = 0; i < 300 && samples < 3; ++i) std::this_thread::sleep_for(10ms);
  scheduler.stop();

  ASSERT_GE(samples.load(), 3);
  EXPECT_GE(with_option.load(), 3);  // every probe asked again
  EXPECT_FALSE(scheduler.counters().at(1).usage_option_off);
}

TEST(ProviderErrors, HttpCheckStatusBodyAndMethod) {
  testing::LoopbackServer server;
  std::string method_seen;
  server.http().Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("{\"status\":\"ok\"}", "application/json");
  });
  server.http().Get("/down", [](const httplib::Request&, httplib::Response& res) {
    res.status = 503;
    res.set_header("Retry-After", "12");
    res.set_content("maintenance", "text/plain");
  });
  server.http().Delete("/thing", [&](const httplib::Request& req, httplib::Response& res) {
    method_seen = req.method;
    res.status = 204;
  });
  server.start();

  ProbeTarget ok = target(server.url() + "/healthz", "http");
  ok.model = "";
  ok.expect_body = "\"ok\"";
  ProbeOutcome out = run_probe(ok);
  ASSERT_TRUE(out.sample.success) << out.sample.error.value_or("");
  EXPECT_GT(*out.sample.latency_ms, 0.0);
  EXPECT_LE(*out.sample.ttft_ms, *out.sample.latency_ms);
  EXPECT_FALSE(out.sample.output_tokens.has_value());

  ok.expect_body = "ready";
  expect_failed(run_probe(ok), ErrorKind::bad_payload);

  ProbeOutcome down = run_probe(target(server.url() + "/down", "http"));
  expect_failed(down, ErrorKind::http_5xx);
  EXPECT_EQ(down.sample.retry_after_s, 12.0);

  ProbeTarget del = target(server.url() + "/thing", "http");
  del.http_method = "DELETE";
  del.expect_status = 204;
  EXPECT_TRUE(run_probe(del).sample.success);
  EXPECT_EQ(method_seen, "DELETE");
  del.expect_status = 200;  // a 2xx other than the expected one
  expect_failed(run_probe(del), ErrorKind::other);
}

TEST(ProviderErrors, TargetTimeoutsApply) {
  testing::LoopbackServer server;
  server.http().Post("/v1/messages", [&](const httplib::Request&, httplib::Response& res) {
    res.set_chunked_content_provider("text/event-stream", [&](size_t, httplib::DataSink& sink) {
      std::string ping = "event: ping\ndata: {\"type\":\"ping\"}\n\n";
      sink.write(ping.data(), ping.size());
      server.stall_until(std::chrono::steady_clock::now() + 10s);
      return false;
    });
  });
  server.start();
  ProbeTarget t = target(server.url(), "anthropic");
  t.timeout_s = 30;
  t.first_token_timeout_s = 0.3;
  auto before = std::chrono::steady_clock::now();
  ProbeOutcome out = run_probe(t);
  expect_failed(out, ErrorKind::timeout_first_token);
  EXPECT_LT(std::chrono::steady_clock::now() - before, 5s);
  EXPECT_TRUE(out.timing.first_chunk_ms.has_value());  // the ping came, no text
}

// A name under .invalid (RFC 2606) resolved through a DNS-over-HTTPS
// server on a closed loopback port: resolution fails at once and no query
// leaves the machine (the system resolver here would ask a remote server).
TEST(ProviderErrors, UnresolvableNameIsDns) {

  ProbeOptions options;
  options.doh_url =
      "https://127.0.0.1:" + std::to_string(testing::closed_loopback_port()) + "/dns-query";
  auto before = std::chrono::steady_clock::now();
  ProbeOutcome out =
      run_probe(target("http://llmscope-probe-test.invalid:11434", "ollama"), options);
  expect_failed(out, ErrorKind::dns);
  EXPECT_FALSE(out.sample.http_status.has_value());
  EXPECT_FALSE(out.sample.connect_ms.has_value());
  EXPECT_LT(std::chrono::steady_clock::now() - before, 2s);
}

// --- TLS -------------------------------------------------------------------

// A self-signed certificate for 127.0.0.1, made by the openssl CLI in a
// fresh directory.
class SelfSignedCert {
 public:
  SelfSignedCert() {
    dir_ = std::filesystem::temp_directory_path() /
           ("llmscope-tls-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    std::filesystem::create_directories(dir_);
    std::string cmd =
        "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1"
        " -addext subjectAltName=IP:127.0.0.1 -keyout " +
        key() + " -out " + cert() + " >/dev/null 2>&1";
    ok_ = std::system(cmd.c_str()) == 0;
  }
  ~SelfSignedCert() { std::filesystem::remove_all(dir_); }
  bool ok() const { return ok_; }
  std::string cert() const { return (dir_ / "cert.pem").string(); }
  std::string key() const { return (dir_ / "key.pem").string(); }

 private:
  static inline int counter_ = 0;
  std::filesystem::path dir_;
  bool ok_ = false;
};

TEST(ProviderErrors, SelfSignedTlsTrustedThroughCaFileRefusedOtherwise) {
  SelfSignedCert cert;
  ASSERT_TRUE(cert.ok()) << "openssl req failed";
  testing::LoopbackServer server(
      std::make_unique<httplib::SSLServer>(cert.cert().c_str(), cert.key().c_str()));
  std::string sse = testing::read_data("api/anthropic_messages_stream_ping.sse");
  stream(server, "/v1/messages", sse);
  server.start();
  ASSERT_TRUE(server.url().starts_with("https://"));

  ProbeTarget t = target(server.url(), "anthropic");
  expect_failed(run_probe(t), ErrorKind::tls);  // not in the system's trust store

  t.ca_file = cert.cert();
  ProbeOutcome out = run_probe(t);
  ASSERT_TRUE(out.sample.success) << out.sample.error.value_or("");
  ASSERT_TRUE(out.sample.tls_ms && out.sample.connect_ms);
  EXPECT_GE(*out.sample.tls_ms, *out.sample.connect_ms);
  EXPECT_LE(*out.sample.tls_ms, *out.sample.ttft_ms);
}

// --- a peer that resets the connection ---------------------------------------

// Accepts one connection, reads the request, optionally sends `prefix`,
// then closes with SO_LINGER 0 so that the kernel sends a RST.
class ResettingServer {
 public:
  explicit ResettingServer(std::string prefix) : prefix_(std::move(prefix)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::listen(fd_, 4);
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~ResettingServer() {
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  void serve() {
    int c = ::accept(fd_, nullptr, nullptr);
    if (c < 0) return;
    std::string request;
    char buf[4096];
    while (request.find("\r\n\r\n") == std::string::npos) {
      ssize_t n = ::recv(c, buf, sizeof buf, 0);
      if (n <= 0) break;
      request.append(buf, static_cast<std::size_t>(n));
    }
    std::this_thread::sleep_for(20ms);  // the body (sent after the headers)
    ::send(c, prefix_.data(), prefix_.size(), MSG_NOSIGNAL);
    std::this_thread::sleep_for(50ms);
    linger hard{1, 0};
    ::setsockopt(c, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
    ::close(c);
  }

  std::string prefix_;
  int fd_ = -1;
  int port_ = 0;
  std::thread thread_;
};

TEST(ProviderErrors, ConnectionResetMidStreamIsTruncated) {
  std::string chunk = "data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\n";
  char size[16];
  std::snprintf(size, sizeof size, "%zx\r\n", chunk.size());
  ResettingServer server(
      "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n" +
      std::string(size) + chunk + "\r\n");
  ProbeOutcome out = run_probe(target(server.url(), "openai"));
  expect_failed(out, ErrorKind::truncated);
  EXPECT_EQ(out.sample.http_status, 200);
  EXPECT_EQ(out.timing.text_events, 1);
}

TEST(ProviderErrors, ConnectionResetBeforeAnyAnswerIsOther) {
  ResettingServer server("");
  ProbeOutcome out = run_probe(target(server.url(), "openai"));
  expect_failed(out, ErrorKind::other);
  EXPECT_FALSE(out.sample.http_status.has_value());
}

}  // namespace
}  // namespace llmscope::probe
