// The SPC API: chart data with the moving range, EWMA, CUSUM and
// autocorrelation; frozen baselines; SPC settings; the error-rate chart.

#include <gtest/gtest.h>

#include <cmath>

#include "core/time.hpp"
#include "server_fixture.hpp"

namespace llmscope::server {
namespace {

using nlohmann::json;

class SpcApiTest : public ServerTest {
 protected:
  void post_latencies(const std::vector<double>& xs) {
    json batch = json::array();
    for (double x : xs) batch.push_back({{"provider", "p"}, {"model", "m"}, {"latency_ms", x}});
    auto r = post("/api/stats", batch);
    ASSERT_EQ(r->status, 200) << r->body;
  }
  static std::vector<double> steady(int n, double around = 100) {
    std::vector<double> out;
    for (int i = 0; i < n; ++i) out.push_back(around + (i % 2 ? 1.0 : -1.0) * (i % 3));
    return out;
  }
  httplib::Result put_setting(const std::string& key, const json& value) {
    return client_->Put(("/api/settings/" + key).c_str(), json{{"value", value}}.dump(),
                        "application/json");
  }
};

TEST_F(SpcApiTest, ChartCarriesMovingRangeEwmaCusumAndAutocorrelation) {
  ASSERT_EQ(put_setting("transform_latency_ms", "none")->status, 200);
  post_latencies(steady(40));
  auto chart = get_json("/api/stats/spc?provider=p&model=m");
  const auto n = chart["values"].size();
  ASSERT_EQ(n, 40u);
  EXPECT_EQ(chart["spc"]["baseline"], "rolling");
  EXPECT_EQ(chart["spc"]["transform"], "none");
  EXPECT_TRUE(chart["spc"]["judged"].is_object());
  EXPECT_TRUE(chart["spc"]["lag1"].is_number());
  EXPECT_TRUE(chart["mr"]["values"][0].is_null());
  EXPECT_EQ(chart["mr"]["values"].size(), n);
  EXPECT_DOUBLE_EQ(chart["mr"]["ucl"].get<double>(),
                   3.267 * chart["spc"]["mr_center"].get<double>());
  EXPECT_EQ(chart["ewma"]["z"].size(), n);
  EXPECT_EQ(chart["ewma"]["ucl"].size(), n);
  EXPECT_DOUBLE_EQ(chart["ewma"]["lambda"].get<double>(), 0.2);
  EXPECT_EQ(chart["cusum"]["upper"].size(), n);
  EXPECT_DOUBLE_EQ(chart["cusum"]["h_sigma"].get<double>(),
                   5 * chart["spc"]["sigma"].get<double>());
  EXPECT_TRUE(chart["autocorrelation"]["warning"].is_boolean());
  EXPECT_DOUBLE_EQ(chart["autocorrelation"]["threshold"].get<double>(), 0.3);
}

TEST_F(SpcApiTest, FrozenBaselineFromATimeRangeAndRelease) {
  ASSERT_EQ(put_setting("transform_latency_ms", "none")->status, 200);
  post_latencies(steady(30));
  const EpochMs now = now_ms();
  json body = {{"provider", "p"},
               {"model", "m"},
               {"metric", "latency_ms"},
               {"from", format_iso8601(now - 3600'000)},
               {"until", format_iso8601(now + 1000)}};
  auto r = post("/api/baselines", body);
  ASSERT_EQ(r->status, 201) << r->body;
  auto created = json::parse(r->body);
  EXPECT_EQ(created["status"], "frozen");
  EXPECT_EQ(created["limits"]["n"], 30);
  const double center = created["limits"]["center"].get<double>();

  // Later points do not move frozen limits.
  post_latencies({500, 600, 700});
  auto chart = get_json("/api/stats/spc?provider=p&model=m");
  EXPECT_EQ(chart["spc"]["baseline"], "frozen");
  EXPECT_EQ(chart["spc"]["baseline_id"], created["id"]);
  EXPECT_DOUBLE_EQ(chart["spc"]["center"].get<double>(), center);
  ASSERT_EQ(get_json("/api/baselines").size(), 1u);

  // It survives a restart.
  stop();
  start();
  EXPECT_EQ(get_json("/api/baselines")[0]["status"], "frozen");
  EXPECT_EQ(get_json("/api/stats/spc?provider=p&model=m")["spc"]["baseline"], "frozen");

  const std::string path = "/api/baselines/" + std::to_string(created["id"].get<int>());
  auto del = client_->Delete(path.c_str());
  ASSERT_EQ(del->status, 200) << del->body;
  EXPECT_EQ(get_json("/api/baselines").size(), 0u);
  chart = get_json("/api/stats/spc?provider=p&model=m");
  EXPECT_EQ(chart["spc"]["baseline"], "rolling");
  EXPECT_EQ(chart["spc"]["n"], 33);
  EXPECT_EQ(client_->Delete(path.c_str())->status, 404);
}

TEST_F(SpcApiTest, FirstNPointsBaselineCollectsThenFreezes) {
  ASSERT_EQ(put_setting("transform_latency_ms", "none")->status, 200);
  post_latencies(steady(25));
  auto r = post("/api/baselines", {{"provider", "p"}, {"model", "m"}, {"first_n", 4}});
  ASSERT_EQ(r->status, 201) << r->body;
  EXPECT_EQ(json::parse(r->body)["status"], "collecting");
  post_latencies({200, 202, 201});
  auto listed = get_json("/api/baselines");
  EXPECT_EQ(listed[0]["status"], "collecting");
  EXPECT_EQ(listed[0]["collected"], 3);
  post_latencies({203});
  listed = get_json("/api/baselines");
  EXPECT_EQ(listed[0]["status"], "frozen");
  EXPECT_DOUBLE_EQ(listed[0]["limits"]["center"].get<double>(), 201.5);
  EXPECT_TRUE(listed[0]["from"].is_string());
  EXPECT_DOUBLE_EQ(get_json("/api/stats/spc?provider=p&model=m")["spc"]["center"].get<double>(),
                   201.5);
}

TEST_F(SpcApiTest, BadBaselineRequestsAreRefusedAndChangeNothing) {
  post_latencies(steady(25));
  const EpochMs now = now_ms();
  const json bad[] = {
      {{"model", "m"}, {"first_n", 5}},
      {{"provider", "p"}, {"model", "m"}},
      {{"provider", "p"}, {"model", "m"}, {"first_n", 1}},
      {{"provider", "p"}, {"model", "m"}, {"first_n", 5}, {"from", "2026-01-01T00:00:00Z"}},
      {{"provider", "p"}, {"model", "m"}, {"metric", "error_rate"}, {"first_n", 5}},
      {{"provider", "p"}, {"model", "m"}, {"metric", "nope"}, {"first_n", 5}},
      {{"provider", "p"}, {"model", "m"}, {"first_n", 5}, {"colour", "red"}},
      {{"provider", "p"}, {"model", "m"}, {"from", "yesterday"}, {"until", "today"}},
      {{"provider", "p"},
       {"model", "m"},
       {"from", format_iso8601(now - 7200'000)},
       {"until", format_iso8601(now - 3600'000)}},  // no points in it
  };
  for (const auto& b : bad) {
    auto r = post("/api/baselines", b);
    EXPECT_EQ(r->status, 400) << b.dump();
    EXPECT_TRUE(json::parse(r->body).contains("error")) << r->body;
  }
  EXPECT_EQ(get_json("/api/baselines").size(), 0u);
}

TEST_F(SpcApiTest, TimesAreJudgedOnTheLogScaleByDefaultTokensPerSecondAreNot) {
  auto all = get_json("/api/settings");
  EXPECT_EQ(all["transform_latency_ms"]["value"], "log");
  EXPECT_EQ(all["transform_ttft_ms"]["value"], "log");
  EXPECT_EQ(all["transform_itl_ms"]["value"], "log");
  EXPECT_EQ(all["transform_tokens_per_s"]["value"], "none");
}

TEST_F(SpcApiTest, SettingsPresetTransformAndValidation) {
  auto r = put_setting("spc_preset", "western_electric");
  ASSERT_EQ(r->status, 200) << r->body;
  auto all = get_json("/api/settings");
  EXPECT_EQ(all["spc_test3_enabled"]["value"], false);
  EXPECT_EQ(all["spc_test2_length"]["value"], 8);
  EXPECT_EQ(all["spc_test5_enabled"]["value"], true);
  EXPECT_EQ(put_setting("spc_ewma_lambda", 0)->status, 400);
  EXPECT_EQ(put_setting("spc_test4_length", 1)->status, 400);
  EXPECT_EQ(put_setting("transform_latency_ms", "sqrt")->status, 400);
  EXPECT_EQ(put_setting("transform_overrides", "nonsense")->status, 400);

  ASSERT_EQ(put_setting("transform_latency_ms", "none")->status, 200);
  ASSERT_EQ(put_setting("transform_latency_ms", "log")->status, 200);
  post_latencies({100, 1000, 100, 1000, 100, 1000});
  auto chart = get_json("/api/stats/spc?provider=p&model=m");
  EXPECT_EQ(chart["spc"]["transform"], "log");
  EXPECT_NEAR(chart["spc"]["center"].get<double>(), std::sqrt(100.0 * 1000.0), 1e-6);
  EXPECT_NEAR(chart["spc"]["judged"]["center"].get<double>(), std::log(std::sqrt(1e5)), 1e-9);

  ASSERT_EQ(put_setting("transform_overrides", "p/m:latency_ms=none")->status, 200);
  chart = get_json("/api/stats/spc?provider=p&model=m");
  EXPECT_EQ(chart["spc"]["transform"], "none");
  EXPECT_NEAR(chart["spc"]["center"].get<double>(), 550.0, 1e-9);
}

TEST_F(SpcApiTest, AnEndpointThatStartsFailingOpensAnErrorRateViolation) {
  // With the default settings: alert_on_rule is R1,R2,R3, error_rate_alerts on.
  post_latencies(steady(100));  // five clean windows of 20
  json failures = json::array();
  for (int i = 0; i < 20; ++i)
    failures.push_back(
        {{"provider", "p"}, {"model", "m"}, {"success", false}, {"error_kind", "http_5xx"}});
  auto r = post("/api/stats", failures);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(json::parse(r->body)["violations_opened"], 1);
  auto violations = get_json("/api/violations");
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0]["rule"], "P1");
  EXPECT_EQ(violations[0]["metric"], "error_rate");

  auto chart = get_json("/api/stats/spc?provider=p&model=m&metric=error_rate");
  EXPECT_EQ(chart["values"].size(), 6u);
  EXPECT_DOUBLE_EQ(chart["values"][5].get<double>(), 1.0);
  EXPECT_EQ(chart["spc"]["method"], "p");
  ASSERT_EQ(chart["flags"].size(), 1u);
  EXPECT_EQ(chart["flags"][0]["index"], 5);
  EXPECT_EQ(chart["flags"][0]["rules"][0], "P1");
}

TEST_F(SpcApiTest, ErrorRateAlertsOffLeavesP1ToAlertOnRule) {
  ASSERT_EQ(put_setting("error_rate_alerts", false)->status, 200);
  post_latencies(steady(100));
  json failures = json::array();
  for (int i = 0; i < 20; ++i)
    failures.push_back({{"provider", "p"}, {"model", "m"}, {"success", false}});
  auto r = post("/api/stats", failures);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(json::parse(r->body)["violations_opened"], 0);
  // Still computed and shown.
  auto chart = get_json("/api/stats/spc?provider=p&model=m&metric=error_rate");
  ASSERT_EQ(chart["flags"].size(), 1u);
}

}  // namespace
}  // namespace llmscope::server
