// Failure classification against a real loopback server replaying recorded
// error responses, and against sockets that misbehave on purpose.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <thread>

#include "loopback_server.hpp"
#include "probe/probe.hpp"
#include "test_data.hpp"

namespace llmscope::probe {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

class ProbeErrors : public ::testing::Test {
 protected:
  ProbeTarget target(const char* provider, double timeout_s = 5.0) {
    ProbeTarget t;
    t.provider = provider;
    t.base_url = server_.url();
    t.model = "m";
    t.timeout_s = timeout_s;
    return t;
  }

  // Serves `body` once at `path` with `status` (not streamed).
  void serve(const std::string& path, int status, std::string body,
             const std::string& type = "application/json") {
    server_.http().Post(path, [=](const httplib::Request&, httplib::Response& res) {
      res.status = status;
      res.set_content(body, type);
    });
  }

  // Streams `pieces` with chunked transfer, then either ends cleanly or,
  // with cut = true, drops the connection without the closing chunk.
  void stream(const std::string& path, std::vector<std::string> pieces, bool cut = false) {
    server_.http().Post(path, [=](const httplib::Request&, httplib::Response& res) {
      res.set_chunked_content_provider("text/event-stream", [=](size_t, httplib::DataSink& sink) {
        for (const std::string& p : pieces) sink.write(p.data(), p.size());
        if (cut) return false;
        sink.done();
        return true;
      });
    });
  }

  static void expect_failed(const ProbeOutcome& out, ErrorKind kind) {
    EXPECT_FALSE(out.sample.success);
    EXPECT_EQ(to_string(out.sample.error_kind), to_string(kind)) << out.sample.error.value_or("");
    EXPECT_TRUE(out.sample.error.has_value());
    // A failure never carries a latency into the series.
    EXPECT_FALSE(out.sample.latency_ms.has_value());
    EXPECT_FALSE(out.sample.ttft_ms.has_value());
    EXPECT_FALSE(out.sample.itl_ms.has_value());
    EXPECT_FALSE(out.sample.tokens_per_s.has_value());
  }

  testing::LoopbackServer server_;
};

const std::string kOllamaText = R"({"model":"m","response":"Hi","done":false})"
                                "\n";
const std::string kOpenAiRole =
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n";
const std::string kOpenAiText =
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}\n\n";

TEST_F(ProbeErrors, OpenAi429WithRecordedBodyAndRetryHeaders) {
  json recorded = json::parse(testing::read_data("api/openai_error_429_rate_limit.headers.json"));
  std::string body = testing::read_data("api/openai_error_429_rate_limit.json");
  server_.http().Post("/v1/chat/completions", [=](const httplib::Request&, httplib::Response& res) {
    res.status = 429;
    for (auto& [name, value] : recorded["headers"].items()) {
      if (name.starts_with("x-") || name.starts_with("retry-")) {
        res.set_header(name.c_str(), value.get<std::string>());
      }
    }
    res.set_content(body, "application/json; charset=utf-8");
  });
  server_.start();

  ProbeOutcome out = run_probe(target("openai"));
  expect_failed(out, ErrorKind::http_429);
  EXPECT_EQ(out.sample.http_status, 429);
  EXPECT_TRUE(out.sample.error->starts_with("HTTP 429: Rate limit reached")) << *out.sample.error;
}

TEST_F(ProbeErrors, OpenRouter429IsHttp429) {
  serve("/v1/chat/completions", 429, testing::read_data("api/openrouter_error_429.json"));
  server_.start();
  ProbeOutcome out = run_probe(target("openai"));
  expect_failed(out, ErrorKind::http_429);
  EXPECT_NE(out.sample.error->find("temporarily rate-limited"), std::string::npos)
      << *out.sample.error;
}

TEST_F(ProbeErrors, OpenAi500IsHttp5xx) {
  serve("/v1/chat/completions", 500, testing::read_data("api/openai_error_500_server_error.json"));
  server_.start();
  ProbeOutcome out = run_probe(target("openai"));
  expect_failed(out, ErrorKind::http_5xx);
  EXPECT_EQ(out.sample.http_status, 500);
  EXPECT_TRUE(out.sample.error->starts_with("HTTP 500: The server had an error"));
}

TEST_F(ProbeErrors, Status529IsOverloaded) {
  serve("/v1/chat/completions", 529, testing::read_data("api/anthropic_error_529_overloaded.json"));
  server_.start();
  ProbeOutcome out = run_probe(target("openai"));
  expect_failed(out, ErrorKind::overloaded);
  EXPECT_EQ(out.sample.http_status, 529);
  EXPECT_EQ(*out.sample.error, "HTTP 529: Overloaded");
}

TEST_F(ProbeErrors, Ollama400WithErrorBodyIsHttp4xx) {
  serve("/api/generate", 400, testing::read_data("api/ollama_error_model_required.json"));
  server_.start();
  ProbeOutcome out = run_probe(target("ollama"));
  expect_failed(out, ErrorKind::http_4xx);
  EXPECT_EQ(*out.sample.error, "HTTP 400: model is required");
}

TEST_F(ProbeErrors, GroqErrorEventMidStreamIsStreamError) {
  stream("/v1/chat/completions",
         {testing::read_data("api/groq_openai_compatible_stream_error_event.sse")});
  server_.start();
  ProbeOutcome out = run_probe(target("openai"));
  expect_failed(out, ErrorKind::stream_error);
  EXPECT_EQ(out.sample.http_status, 200);
  EXPECT_TRUE(out.sample.error->starts_with("Tool call validation failed"));
  EXPECT_EQ(out.timing.text_events, 93);  // measured up to the error, kept for debugging
}

TEST_F(ProbeErrors, OllamaErrorLineMidStreamIsStreamError) {
  stream("/api/generate",
         {kOllamaText, kOllamaText, testing::read_data("api/ollama_error_model_required.json")});
  server_.start();
  ProbeOutcome out = run_probe(target("ollama"));
  expect_failed(out, ErrorKind::stream_error);
  EXPECT_EQ(*out.sample.error, "model is required");
}

TEST_F(ProbeErrors, RefusedConnectionIsConnect) {
  ProbeTarget t = target("ollama");
  t.base_url = "http://127.0.0.1:" + std::to_string(testing::closed_loopback_port());
  ProbeOutcome out = run_probe(t);
  expect_failed(out, ErrorKind::connect);
  EXPECT_FALSE(out.sample.http_status.has_value());
}

TEST_F(ProbeErrors, ConnectThatNeverCompletesIsTimeoutConnect) {
  // A listener with a full accept queue: the kernel drops further SYNs, so
  // the probe's connect hangs as it would towards a black-holed host.
  int listener = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(::listen(listener, 0), 0);
  socklen_t len = sizeof addr;
  ::getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len);
  std::vector<int> fillers;
  for (int i = 0; i < 4; ++i) {
    int c = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    ::connect(c, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    fillers.push_back(c);
  }
  std::this_thread::sleep_for(50ms);

  ProbeTarget t = target("ollama");
  t.base_url = "http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port));
  ProbeOptions options;
  options.connect_timeout_s = 0.3;
  ProbeOutcome out = run_probe(t, options);
  for (int c : fillers) ::close(c);
  ::close(listener);

  expect_failed(out, ErrorKind::timeout_connect);
  EXPECT_LT(*out.timing.total_ms, 2000.0);
}

TEST_F(ProbeErrors, ServerStallingBeforeAnyTextIsTimeoutFirstToken) {
  server_.http().Post("/api/generate", [this](const httplib::Request&, httplib::Response& res) {
    server_.stall_until(Clock::now() + 10s);
    res.set_content(kOllamaText, "application/x-ndjson");
  });
  server_.start();

  auto before = Clock::now();
  ProbeOutcome out = run_probe(target("ollama", 0.4));
  auto took = Clock::now() - before;
  expect_failed(out, ErrorKind::timeout_first_token);
  EXPECT_LT(took, 3s);
}

TEST_F(ProbeErrors, ServerStallingAfterTextIsTimeoutTotal) {
  server_.http().Post("/api/generate", [this](const httplib::Request&, httplib::Response& res) {
    res.set_chunked_content_provider("application/x-ndjson", [this](size_t, httplib::DataSink& s) {
      s.write(kOllamaText.data(), kOllamaText.size());
      server_.stall_until(Clock::now() + 10s);
      return false;
    });
  });
  server_.start();

  ProbeOutcome out = run_probe(target("ollama", 0.4));
  expect_failed(out, ErrorKind::timeout_total);
  EXPECT_EQ(out.timing.text_events, 1);
}

TEST_F(ProbeErrors, FirstTokenTimeoutOptionEndsAStreamThatSendsNoText) {
  // Headers and a role chunk arrive at once, text never does.
  server_.http().Post(
      "/v1/chat/completions", [this](const httplib::Request&, httplib::Response& res) {
        res.set_chunked_content_provider("text/event-stream", [this](size_t, httplib::DataSink& s) {
          s.write(kOpenAiRole.data(), kOpenAiRole.size());
          server_.stall_until(Clock::now() + 10s);
          return false;
        });
      });
  server_.start();

  ProbeOptions options;
  options.first_token_timeout_s = 0.3;
  auto before = Clock::now();
  ProbeOutcome out = run_probe(target("openai", 20), options);
  expect_failed(out, ErrorKind::timeout_first_token);
  EXPECT_EQ(out.sample.http_status, 200);
  EXPECT_LT(Clock::now() - before, 3s);  // the progress callback runs at least once a second
}

TEST_F(ProbeErrors, CancelFlagAbandonsAStalledProbe) {
  server_.http().Post("/api/generate", [this](const httplib::Request&, httplib::Response& res) {
    server_.stall_until(Clock::now() + 10s);
    res.set_content(kOllamaText, "application/x-ndjson");
  });
  server_.start();

  std::atomic<bool> cancel{false};
  std::thread canceller([&] {
    std::this_thread::sleep_for(200ms);
    cancel = true;
  });
  ProbeOptions options;
  options.cancel = &cancel;
  auto before = Clock::now();
  ProbeOutcome out = run_probe(target("ollama", 30), options);
  canceller.join();
  expect_failed(out, ErrorKind::other);
  EXPECT_EQ(*out.sample.error, "cancelled");
  EXPECT_LT(Clock::now() - before, 3s);
}

TEST_F(ProbeErrors, OllamaStreamEndingWithoutDoneIsTruncated) {
  stream("/api/generate", {kOllamaText, kOllamaText});
  server_.start();
  ProbeOutcome out = run_probe(target("ollama"));
  expect_failed(out, ErrorKind::truncated);
  EXPECT_EQ(out.timing.text_events, 2);
}

TEST_F(ProbeErrors, OpenAiStreamEndingWithoutDoneIsTruncated) {
  std::string sse = testing::read_data("api/openai_chat_stream.sse");
  stream("/v1/chat/completions", {sse.substr(0, sse.find("data: [DONE]"))});
  server_.start();
  expect_failed(run_probe(target("openai")), ErrorKind::truncated);
}

TEST_F(ProbeErrors, ConnectionCutMidStreamIsTruncated) {
  stream("/api/generate", {kOllamaText, kOllamaText}, /*cut=*/true);
  server_.start();
  expect_failed(run_probe(target("ollama")), ErrorKind::truncated);
}

TEST_F(ProbeErrors, MalformedJsonIsBadPayload) {
  stream("/v1/chat/completions",
         {kOpenAiText, "data: {\"choices\":[{\"delta\":\n\n", "data: [DONE]\n\n"});
  stream("/api/generate", {kOllamaText, "<html>oops</html>\n"});
  server_.start();
  expect_failed(run_probe(target("openai")), ErrorKind::bad_payload);
  expect_failed(run_probe(target("ollama")), ErrorKind::bad_payload);
}

TEST_F(ProbeErrors, CompleteStreamWithoutTextIsEmpty) {
  stream("/v1/chat/completions",
         {kOpenAiRole,
          "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":0}}\n\n",
          "data: [DONE]\n\n"});
  stream("/api/generate", {R"({"model":"m","response":"","done":true,"eval_count":0})"
                           "\n"});
  server_.start();
  ProbeOutcome openai = run_probe(target("openai"));
  expect_failed(openai, ErrorKind::empty);
  EXPECT_EQ(openai.sample.http_status, 200);
  expect_failed(run_probe(target("ollama")), ErrorKind::empty);
}

TEST_F(ProbeErrors, UnknownProviderFailsWithoutARequest) {
  ProbeTarget t = target("mistral");
  t.base_url = "http://127.0.0.1:1";
  ProbeOutcome out = run_probe(t);
  expect_failed(out, ErrorKind::other);
  EXPECT_NE(out.sample.error->find("unknown provider"), std::string::npos);
}

TEST_F(ProbeErrors, SendsBearerKeyAndExtraHeaders) {
  std::string auth, org;
  server_.http().Post("/v1/chat/completions",
                      [&](const httplib::Request& req, httplib::Response& res) {
                        auth = req.get_header_value("Authorization");
                        org = req.get_header_value("X-Org");
                        res.set_content(kOpenAiText + "data: [DONE]\n\n", "text/event-stream");
                      });
  server_.start();
  ::setenv("LLMSCOPE_TEST_ERRORS_KEY", "sk-loopback", 1);
  ProbeTarget t = target("openai");
  t.api_key_env = "LLMSCOPE_TEST_ERRORS_KEY";
  t.headers = {{"X-Org", "lab"}};

  ProbeOutcome out = run_probe(t);
  ::unsetenv("LLMSCOPE_TEST_ERRORS_KEY");
  EXPECT_TRUE(out.sample.success) << out.sample.error.value_or("");
  EXPECT_EQ(auth, "Bearer sk-loopback");
  EXPECT_EQ(org, "lab");
}

}  // namespace
}  // namespace llmscope::probe
