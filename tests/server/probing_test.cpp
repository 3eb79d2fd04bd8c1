// The service probing a model it was given through the API: a loopback
// server replays a recorded Ollama stream, and the samples reach the store
// and the chart.
#include <fstream>
#include <sstream>

#include "server_fixture.hpp"

namespace llmscope::server {
namespace {

using nlohmann::json;

class ProbingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ifstream in(std::string(LLMSCOPE_TEST_DATA) + "/api/ollama_generate_stream.ndjson");
    std::stringstream text;
    text << in.rdbuf();
    stream_ = text.str();
    ollama_.Post("/api/generate", [this](const httplib::Request&, httplib::Response& res) {
      res.set_content(stream_, "application/x-ndjson");
    });
    ollama_port_ = ollama_.bind_to_any_port("127.0.0.1");
    ollama_thread_ = std::thread([this] { ollama_.listen_after_bind(); });

    AppOptions o;
    o.config.port = 0;
    o.config.database_path = dir_.file("llmscope.db");
    o.api_key = "k";
    auto app = App::create(o);
    ASSERT_TRUE(app) << app.error();
    app_ = std::move(*app);
    port_ = *app_->bind();
    app_thread_ = std::thread([this] { app_->listen(); });
  }
  void TearDown() override {
    if (app_) app_->stop();
    if (app_thread_.joinable()) app_thread_.join();
    app_.reset();
    ollama_.stop();
    ollama_thread_.join();
  }

  testing::TempDir dir_;
  std::string stream_;
  httplib::Server ollama_;
  int ollama_port_ = 0;
  std::thread ollama_thread_;
  std::unique_ptr<App> app_;
  int port_ = 0;
  std::thread app_thread_;
};

TEST_F(ProbingTest, AModelAddedThroughTheApiIsProbedAndCharted) {
  httplib::Client client("127.0.0.1", port_);
  client.set_default_headers({{"Authorization", "Bearer k"}});
  for (int i = 0; i < 200 && !client.Get("/health"); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  json model = {{"provider", "ollama"},
                {"base_url", "http://127.0.0.1:" + std::to_string(ollama_port_)},
                {"model", "granite3.3:8b"},
                {"interval_s", 0.2}};
  auto r = client.Post("/api/models", model.dump(), "application/json");
  ASSERT_EQ(r->status, 201) << r->body;

  json chart;
  for (int i = 0; i < 100; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    auto c = client.Get("/api/stats/spc?provider=ollama&model=granite3.3:8b");
    chart = json::parse(c->body);
    if (c->status == 200 && chart["values"].size() >= 3) break;
  }
  ASSERT_GE(chart["values"].size(), 3u) << chart.dump();
  EXPECT_GT(chart["values"][0].get<double>(), 0);
  EXPECT_EQ(chart["summary"]["errors"], 0);

  // Ollama's own durations (ns) arrive converted to ms with the sample.
  app_->ingest_queue().flush();
  auto samples = app_->store().samples({});
  ASSERT_TRUE(samples);
  const Sample& s = samples->front();
  EXPECT_TRUE(s.success);
  EXPECT_TRUE(s.ttft_ms.has_value());
  EXPECT_TRUE(s.eval_count.has_value());
  EXPECT_TRUE(s.total_duration_ms.has_value());
  EXPECT_TRUE(s.cpu_percent.has_value());  // host telemetry attached
}

}  // namespace
}  // namespace llmscope::server
