// Probe targets through /api/models (issue 4): every provider, the stored
// key that never leaves the server, phase timeouts and HTTP checks, the
// scheduler's counters, and the probe breakdown of samples in and out.
#include <atomic>
#include <fstream>
#include <sstream>

#include "recorded_upstream.hpp"
#include "server_fixture.hpp"

namespace llmscope::server {
namespace {

using nlohmann::json;

json anthropic_model(const std::string& url) {
  return {{"provider", "anthropic"},     {"base_url", url},
          {"model", "claude-x"},         {"api_key", "sk-ant-very-secret"},
          {"connect_timeout_s", 2.5},    {"first_token_timeout_s", 9},
          {"ca_file", "/etc/ssl/x.pem"}, {"interval_s", 60}};
}

TEST_F(ServerTest, StoredApiKeyIsWriteOnly) {
  auto created = post("/api/models", anthropic_model("https://api.example.test"));
  ASSERT_EQ(created->status, 201) << created->body;
  EXPECT_EQ(created->body.find("sk-ant-very-secret"), std::string::npos);
  json m = json::parse(created->body);
  EXPECT_FALSE(m.contains("api_key"));
  EXPECT_EQ(m["has_api_key"], true);
  EXPECT_EQ(m["connect_timeout_s"], 2.5);
  EXPECT_EQ(m["first_token_timeout_s"], 9.0);
  EXPECT_EQ(m["ca_file"], "/etc/ssl/x.pem");
  std::string id = std::to_string(m["id"].get<int>());

  // Listed, fetched and changed: never shown, kept when not given.
  auto list = client_->Get("/api/models");
  EXPECT_EQ(list->body.find("sk-ant-very-secret"), std::string::npos);
  EXPECT_EQ(json::parse(list->body)[0]["has_api_key"], true);
  EXPECT_EQ(get_json("/api/models/" + id)["model"], "claude-x");
  auto put = client_->Put(("/api/models/" + id).c_str(), R"({"prompt":"hi"})", "application/json");
  ASSERT_EQ(put->status, 200) << put->body;
  EXPECT_EQ(json::parse(put->body)["has_api_key"], true);
  EXPECT_EQ(put->body.find("sk-ant-very-secret"), std::string::npos);

  // The store has it for the probes.
  auto stored = app_->store().targets();
  ASSERT_TRUE(stored);
  EXPECT_EQ((*stored)[0].api_key, "sk-ant-very-secret");
  EXPECT_EQ((*stored)[0].prompt, "hi");

  // An empty key removes it.
  put = client_->Put(("/api/models/" + id).c_str(), R"({"api_key":""})", "application/json");
  EXPECT_EQ(json::parse(put->body)["has_api_key"], false);
  EXPECT_EQ(get_json("/api/models/" + id)["has_api_key"], false);
}

TEST_F(ServerTest, EveryProviderIsAcceptedAndBadProbeSettingsAreRefused) {
  for (const char* p : {"ollama", "ollama-chat", "openai", "anthropic"}) {
    auto r = post(
        "/api/models",
        {{"provider", p}, {"base_url", "http://127.0.0.1:9"}, {"model", std::string("m-") + p}});
    EXPECT_EQ(r->status, 201) << p << ": " << r->body;
  }
  auto check = post("/api/models", {{"provider", "http"},
                                    {"base_url", "http://127.0.0.1:9/healthz"},
                                    {"http_method", "HEAD"},
                                    {"expect_status", 204},
                                    {"expect_body", "ok"}});
  ASSERT_EQ(check->status, 201) << check->body;
  json c = json::parse(check->body);
  EXPECT_EQ(c["model"], "http://127.0.0.1:9/healthz");  // an HTTP check needs no model
  EXPECT_EQ(c["http_method"], "HEAD");
  EXPECT_EQ(c["expect_status"], 204);

  struct Bad {
    json body;
    const char* mentions;
  };
  const Bad cases[] = {
      {{{"provider", "mistral"}, {"base_url", "http://h"}, {"model", "m"}}, "provider"},
      {{{"provider", "http"}, {"base_url", "http://h"}, {"http_method", "FETCH"}}, "http_method"},
      {{{"provider", "http"}, {"base_url", "http://h"}, {"expect_status", 700}}, "expect_status"},
      {{{"provider", "openai"},
        {"base_url", "http://h"},
        {"model", "m"},
        {"connect_timeout_s", -1}},
       "connect_timeout_s"},
      {{{"provider", "openai"}, {"base_url", "http://h"}, {"model", "m"}, {"api_key", 5}},
       "api_key"},
  };
  for (const Bad& b : cases) {
    auto r = post("/api/models", b.body);
    EXPECT_EQ(r->status, 400) << b.body.dump();
    EXPECT_NE(r->body.find(b.mentions), std::string::npos) << r->body;
  }
  EXPECT_EQ(get_json("/api/models").size(), 5u);                // nothing of the refused ones
  EXPECT_TRUE(get_json("/api/models")[0]["status"].is_null());  // probes are off here
}

TEST_F(ServerTest, PostedSampleKeepsTheProbeBreakdown) {
  json sample = {{"model", "m"},
                 {"provider", "anthropic"},
                 {"latency_ms", 900},
                 {"ttft_ms", 400},
                 {"dns_ms", 0.2},
                 {"connect_ms", 1.5},
                 {"tls_ms", 9.5},
                 {"first_byte_ms", 300},
                 {"first_chunk_ms", 350},
                 {"first_answer_ms", 600},
                 {"total_ms", 950},
                 {"gap_p50_ms", 22},
                 {"gap_p95_ms", 140},
                 {"max_stall_ms", 160},
                 {"decode_tokens_per_s", 45.5},
                 {"output_tokens_source", "usage"}};
  auto r = post("/api/stats", sample);
  ASSERT_EQ(r->status, 200) << r->body;
  auto failed = post("/api/stats", {{"model", "m"},
                                    {"provider", "anthropic"},
                                    {"success", false},
                                    {"error_kind", "http_429"},
                                    {"retry_after_s", 30},
                                    {"http_status", 429}});
  ASSERT_EQ(failed->status, 200) << failed->body;

  auto stored = app_->store().samples({});
  ASSERT_TRUE(stored);
  ASSERT_EQ(stored->size(), 2u);
  const Sample& s = (*stored)[0];
  EXPECT_EQ(s.tls_ms, 9.5);
  EXPECT_EQ(s.first_answer_ms, 600.0);
  EXPECT_EQ(s.gap_p95_ms, 140.0);
  EXPECT_EQ(s.max_stall_ms, 160.0);
  EXPECT_EQ(s.decode_tokens_per_s, 45.5);
  EXPECT_EQ(s.output_tokens_source, "usage");
  EXPECT_EQ((*stored)[1].retry_after_s, 30.0);
  EXPECT_EQ((*stored)[1].error_kind, ErrorKind::http_429);

  for (const char* bad : {R"({"model":"m","latency_ms":1,"output_tokens_source":"guess"})",
                          R"({"model":"m","latency_ms":1,"gap_p95_ms":-2})",
                          R"({"model":"m","latency_ms":1,"retry_after_s":"soon"})"}) {
    auto refused = client_->Post("/api/stats", bad, "application/json");
    EXPECT_EQ(refused->status, 400) << bad;
  }
  EXPECT_EQ(app_->store().samples({})->size(), 2u);  // nothing refused was stored
}

// The service probing an Anthropic model it was given through the API,
// with the key stored write-only, and showing the scheduler's counters.
class ProbeStatusTest : public ServerTest {
 protected:
  bool probes() const override { return true; }
  std::atomic<int> keyed_{0};  // requests that carried the stored key
  RecordedUpstream upstream_{"/v1/messages", "anthropic_messages_stream_ping.sse",
                             "text/event-stream", [this](const httplib::Request& req) {
                               if (req.get_header_value("x-api-key") == "sk-ant-stored") keyed_++;
                             }};
};

TEST_F(ProbeStatusTest, ModelsShowWhatTheSchedulerDid) {
  json model = {{"provider", "anthropic"},
                {"base_url", upstream_.base_url()},
                {"model", "claude-sonnet-4-5"},
                {"api_key", "sk-ant-stored"},
                {"interval_s", 0.2}};
  auto created = client_->Post("/api/models", model.dump(), "application/json");
  ASSERT_EQ(created->status, 201) << created->body;

  json status;
  for (int i = 0; i < 300; ++i) {
    status = json::parse(client_->Get("/api/models")->body)[0]["status"];
    if (status.is_object() && status["completed"].get<int>() >= 3) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_TRUE(status.is_object());
  EXPECT_GE(status["completed"].get<int>(), 3);
  EXPECT_EQ(status["failures"], 0);
  EXPECT_TRUE(status["last_error_kind"].is_null());
  EXPECT_TRUE(status["last_probe"].is_string());
  EXPECT_TRUE(status.contains("skipped"));
  EXPECT_GE(keyed_.load(), 3);  // the stored key reached the provider

  // The samples carry the breakdown (the ingest queue stores them shortly).
  std::vector<Sample> samples;
  for (int i = 0; i < 100 && samples.empty(); ++i) {
    samples = app_->store().samples({}).value_or(std::vector<Sample>{});
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_FALSE(samples.empty());
  const Sample& s = samples.front();
  EXPECT_TRUE(s.success) << s.error.value_or("");
  EXPECT_EQ(s.output_tokens, 10);
  EXPECT_EQ(s.output_tokens_source, "usage");
  ASSERT_TRUE(s.first_chunk_ms && s.ttft_ms && s.total_ms && s.connect_ms);
  EXPECT_LE(*s.first_chunk_ms, *s.ttft_ms);
  EXPECT_LE(*s.ttft_ms, *s.total_ms);
}

}  // namespace
}  // namespace llmscope::server
