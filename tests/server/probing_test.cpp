// The service probing a model it was given through the API: a loopback
// server replays a recorded Ollama stream, and the samples reach the store
// and the chart.
#include "recorded_upstream.hpp"
#include "server_fixture.hpp"

namespace llmscope::server {
namespace {

using nlohmann::json;

class ProbingTest : public ServerTest {
 protected:
  bool probes() const override { return true; }
  RecordedUpstream ollama_{"/api/generate", "ollama_generate_stream.ndjson",
                           "application/x-ndjson"};
};

TEST_F(ProbingTest, AModelAddedThroughTheApiIsProbedAndCharted) {
  httplib::Client& client = *client_;
  json model = {{"provider", "ollama"},
                {"base_url", ollama_.base_url()},
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
