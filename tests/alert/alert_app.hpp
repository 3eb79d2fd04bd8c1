#pragma once

// A real App on loopback whose alerts go to a real SMTP server (STARTTLS
// and AUTH), a Slack-like receiver and a webhook receiver, all on
// 127.0.0.1; and a real latency series to shift.
#include <fstream>
#include <memory>
#include <sstream>

#include "cli/llmperf_trace.hpp"
#include "loopback_servers.hpp"
#include "server/app.hpp"

namespace llmscope::alert_test {

// groq llama2-70b-4096 end-to-end latency from the llmperf leaderboard
// (tests/data/SOURCES.md): a calm series, ~820 ms, sigma ~70 ms.
inline std::vector<double> groq_latencies() {
  std::ifstream in(std::string(LLMSCOPE_TEST_DATA) + "/llmperf_leaderboard_requests.csv");
  std::stringstream text;
  text << in.rdbuf();
  auto runs = cli::read_llmperf_trace(text.str());
  std::vector<double> out;
  if (!runs) return out;
  for (const auto& r : *runs)
    if (r.provider == "groq")
      for (const Sample& s : r.samples)
        if (s.success && s.latency_ms) out.push_back(*s.latency_ms);
  return out;
}

class AlertAppTest : public ::testing::Test {
 protected:
  static constexpr const char* kKey = "alert-test-key";
  static constexpr const char* kModel = "llama2-70b-4096";

  void SetUp() override {
    cert_ = make_certificate(dir_.path());
    smtp_ = std::make_unique<SmtpServer>(dir_.path() / "mail", cert_);
    smtp_port_ = free_port();
    latencies_ = groq_latencies();
    ASSERT_GE(latencies_.size(), 140u);
    t_ = now_ms() - 3'600'000;
  }
  void TearDown() override { stop(); }

  // The configuration: every channel on, retries in milliseconds.
  virtual config::Config configure() {
    config::Config c;
    c.port = 0;
    c.database_path = dir_.file("data/llmscope.db");
    auto& a = c.alerts;
    a.smtp_server = "127.0.0.1";
    a.smtp_port = smtp_port_;
    a.smtp_user = "alerts";
    a.smtp_password = "s3cret pässword";
    a.smtp_ca_file = cert_.cert;
    a.email_from = "llmscope@example.test";
    a.email_to = "oncall@example.test, lead@example.test";
    a.slack_webhook_url = slack_.url("/services/T000/B000/XXXX");
    a.webhook_url = webhook_.url("/llmscope");
    a.webhook_secret = "shared-hook-secret";
    a.public_url = "http://127.0.0.1:8081";
    a.retry_first_s = 0.05;
    a.retry_max_s = 0.4;
    a.give_up_after_h = 1;
    a.poll_interval_s = 0.02;
    a.send_timeout_s = 10;
    return c;
  }

  void start() {
    server::AppOptions o;
    o.config = configure();
    o.api_key = kKey;
    o.probes = false;
    auto app = server::App::create(o);
    ASSERT_TRUE(app) << app.error();
    app_ = std::move(*app);
    auto port = app_->bind();
    ASSERT_TRUE(port) << port.error();
    thread_ = std::thread([this] { app_->listen(); });
    client_ = std::make_unique<httplib::Client>("127.0.0.1", *port);
    client_->set_default_headers({{"Authorization", std::string("Bearer ") + kKey}});
    wait_until([&] { return bool(client_->Get("/health")); });
  }
  void stop() {
    if (!app_) return;
    app_->stop();
    thread_.join();
    app_.reset();
  }

  httplib::Result post(const std::string& path, const json& body) {
    return client_->Post(path.c_str(), body.dump(), "application/json");
  }
  httplib::Result put(const std::string& path, const json& body) {
    return client_->Put(path.c_str(), body.dump(), "application/json");
  }
  json get_json(const std::string& path) {
    auto r = client_->Get(path.c_str());
    EXPECT_TRUE(r);
    if (!r) return nullptr;
    EXPECT_EQ(r->status, 200) << path << ": " << r->body;
    return json::parse(r->body);
  }

  // Posts `count` points of the real series, 2 s apart, `shift_ms` added,
  // one request per point as a probe would.
  void post_points(std::size_t count, double shift_ms) {
    for (std::size_t i = 0; i < count; ++i) {
      double v = latencies_[next_++ % latencies_.size()] + shift_ms;
      json s = {{"provider", "groq"},
                {"model", kModel},
                {"latency_ms", v},
                {"timestamp", format_iso8601(t_ += 2000)}};
      auto r = post("/api/stats", s);
      ASSERT_TRUE(r);
      ASSERT_EQ(r->status, 200) << r->body;
    }
  }

  // Waits until the outbox holds nothing pending.
  bool outbox_idle() {
    return wait_until([&] { return get_json("/api/alerts?status=pending").empty(); });
  }
  // Deliveries of one channel and event that were sent.
  std::size_t sent(const std::string& channel, const std::string& event = "opened") {
    std::size_t n = 0;
    for (const auto& d : get_json("/api/alerts?limit=1000&channel=" + channel))
      n += d["status"] == "sent" && d["event"] == event;
    return n;
  }

  testing::TempDir dir_;
  Certificate cert_;
  std::unique_ptr<SmtpServer> smtp_;
  int smtp_port_ = 0;
  HttpReceiver slack_, webhook_;
  std::vector<double> latencies_;
  std::size_t next_ = 0;
  EpochMs t_ = 0;
  std::unique_ptr<server::App> app_;
  std::thread thread_;
  std::unique_ptr<httplib::Client> client_;
};

}  // namespace llmscope::alert_test
