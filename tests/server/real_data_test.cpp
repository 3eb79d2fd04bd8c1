// A real series (llmperf's together 13b run, Jan 2024: two ~100 s stalls in
// time to first token) posted to a running server: violations, chart data
// and the acknowledge / resolve workflow through the HTTP API.
#include <cmath>
#include <fstream>
#include <sstream>

#include "cli/llmperf_trace.hpp"
#include "server_fixture.hpp"

namespace llmscope::server {
namespace {

using nlohmann::json;

// The ttft series of one llmperf run as a batch, 2 s apart, ending now.
json together_13b_batch() {
  std::ifstream in(std::string(LLMSCOPE_TEST_DATA) + "/llmperf_leaderboard_requests.csv");
  std::stringstream text;
  text << in.rdbuf();
  auto runs = cli::read_llmperf_trace(text.str());
  EXPECT_TRUE(runs);
  const cli::TraceRun* run = nullptr;
  for (const auto& r : *runs)
    if (r.provider == "together" && r.model.find("13b") != std::string::npos) run = &r;
  EXPECT_NE(run, nullptr);

  json batch = json::array();
  EpochMs t = now_ms() - static_cast<EpochMs>(run->samples.size()) * 2000;
  for (const Sample& s : run->samples) {
    json j = {{"provider", "together"}, {"model", "llama-2-13b"},
              {"timestamp", format_iso8601(t += 2000)}};
    if (s.success) {
      j["latency_ms"] = *s.ttft_ms;
    } else {
      j["success"] = false;
      j["error"] = s.error.value_or("error");
    }
    batch.push_back(j);
  }
  return batch;
}

class RealDataTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    batch_ = together_13b_batch();
    auto r = post("/api/stats", batch_);
    ASSERT_EQ(r->status, 200) << r->body;
    ASSERT_EQ(json::parse(r->body)["logged"], 150);
  }
  json batch_;
};

TEST_F(RealDataTest, TheTwoStallsAreFlaggedByTestOneOnTheChart) {
  auto chart = get_json("/api/stats/spc?provider=together&model=llama-2-13b&hours=1");
  auto values = chart["values"];
  EXPECT_EQ(values.size(), 149u);  // the failed request is not a latency
  EXPECT_EQ(chart["summary"]["errors"], 1);
  ASSERT_TRUE(chart["spc"].is_object());
  EXPECT_EQ(chart["spc"]["baseline"], "rolling");

  std::vector<std::size_t> stalls, flagged_r1;
  for (std::size_t i = 0; i < values.size(); ++i)
    if (values[i].get<double>() > 90'000) stalls.push_back(i);
  for (const auto& f : chart["flags"]) {
    auto rules = f["rules"];
    if (std::find(rules.begin(), rules.end(), "R1") != rules.end())
      flagged_r1.push_back(f["index"].get<std::size_t>());
  }
  ASSERT_EQ(stalls.size(), 2u);
  for (auto i : stalls)
    EXPECT_NE(std::find(flagged_r1.begin(), flagged_r1.end(), i), flagged_r1.end()) << i;
}

TEST_F(RealDataTest, OneEpisodeCarriesTheStallsWithFrozenLimits) {
  auto list = get_json("/api/violations?rule=R1&model=llama-2-13b");
  ASSERT_GE(list.size(), 1u);
  json episode;
  for (const auto& v : list)
    if (v["peak_deviation_sigma"].get<double>() > 20) episode = v;  // 28 log-sigmas
  ASSERT_TRUE(episode.is_object()) << list.dump(1);
  EXPECT_GE(episode["points"].get<int>(), 2);  // both stalls, one episode
  // Latency is judged on ln(x) by default (docs/STATISTICS.md): center and
  // limits are drawn back with exp(), sigma and deviations are log units.
  double mean = episode["mean_ms"], sigma = episode["std_ms"];
  EXPECT_NEAR(std::log(episode["ucl_ms"].get<double>()), std::log(mean) + 3 * sigma, 1e-9);
  EXPECT_NEAR(episode["deviation_sigma"].get<double>(),
              (std::log(episode["value"].get<double>()) - std::log(mean)) / sigma, 1e-6);
  EXPECT_LT(mean, 1000);  // judged against the calm before the stalls
}

TEST_F(RealDataTest, AcknowledgeNeedsANameAndResolveRecordsWho) {
  auto id = std::to_string(get_json("/api/violations?limit=1")[0]["id"].get<int>());
  std::string base = "/api/violations/" + id;

  EXPECT_EQ(post(base + "/acknowledge", json::object())->status, 400);
  EXPECT_EQ(post(base + "/acknowledge", {{"acknowledged_by", "  "}})->status, 400);
  EXPECT_EQ(post(base + "/acknowledge", {{"acknowledged_by", 5}})->status, 400);
  EXPECT_EQ(post(base + "/acknowledge", {{"acknowledged_by", "a"}, {"x", 1}})->status, 400);
  EXPECT_EQ(client_->Post((base + "/acknowledge").c_str(), "{", "application/json")->status,
            400);
  EXPECT_EQ(get_json(base)["is_acknowledged"], false);

  auto ack = post(base + "/acknowledge", {{"acknowledged_by", "ana"}, {"note", "provider stall"}});
  ASSERT_EQ(ack->status, 200) << ack->body;
  auto v = get_json(base);
  EXPECT_EQ(v["is_acknowledged"], true);
  EXPECT_EQ(v["acknowledged_by"], "ana");
  EXPECT_EQ(v["note"], "provider stall");
  EXPECT_EQ(post(base + "/acknowledge", {{"acknowledged_by", "bob"}})->status, 409);
  EXPECT_EQ(get_json("/api/violations?acknowledged=true").size(), 1u);

  auto res = client_->Post((base + "/resolve").c_str(), "", "application/json");
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_FALSE(get_json(base)["resolved_at"].is_null());
  EXPECT_EQ(post(base + "/resolve", json::object())->status, 409);
  EXPECT_EQ(client_->Get("/api/violations/99999")->status, 404);
  EXPECT_EQ(post("/api/violations/99999/acknowledge", {{"acknowledged_by", "a"}})->status, 404);
}

TEST_F(RealDataTest, ExportsViolationsAsCsv) {
  auto r = client_->Get("/api/export/violations?model=llama-2-13b");
  ASSERT_EQ(r->status, 200);
  EXPECT_NE(r->get_header_value("Content-Type").find("text/csv"), std::string::npos);
  std::istringstream lines(r->body);
  std::string header;
  std::getline(lines, header);
  EXPECT_EQ(header.rfind("id,provider,model,metric,rule,timestamp,value", 0), 0u);
  std::size_t rows = 0;
  for (std::string line; std::getline(lines, line);) rows += !line.empty();
  EXPECT_EQ(rows, get_json("/api/violations?model=llama-2-13b").size());
}

TEST_F(RealDataTest, EverythingSurvivesARestart) {
  auto before = get_json("/api/violations");
  stop();
  start();
  EXPECT_EQ(records(), 150);
  auto after = get_json("/api/violations");
  EXPECT_EQ(after, before);
  auto chart = get_json("/api/stats/spc?model=llama-2-13b");
  EXPECT_EQ(chart["spc"]["baseline"], "rolling");  // engine rebuilt from the store
}

}  // namespace
}  // namespace llmscope::server
