// Thinning chart data for the screen: extremes and flagged points survive,
// the count is bounded, and the spc route thins on request.
#include "server/thinning.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "server_fixture.hpp"

namespace llmscope::server {
namespace {

std::vector<double> noisy(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> d(800, 30);
  std::vector<double> v(n);
  for (double& x : v) x = d(rng);
  return v;
}

TEST(Thinning, ShortSeriesIsKeptWhole) {
  std::vector<double> v = {3, 1, 2};
  EXPECT_EQ(thin_indices(v, {}, 10), (std::vector<std::size_t>{0, 1, 2}));
}

TEST(Thinning, CountIsBoundedAndIndicesAscend) {
  auto v = noisy(302'400, 1);
  auto kept = thin_indices(v, {}, 2000);
  EXPECT_LE(kept.size(), 2000u + 2);
  EXPECT_GE(kept.size(), 1000u);
  EXPECT_TRUE(std::is_sorted(kept.begin(), kept.end()));
  EXPECT_EQ(std::adjacent_find(kept.begin(), kept.end()), kept.end());
  EXPECT_EQ(kept.front(), 0u);
  EXPECT_EQ(kept.back(), v.size() - 1);
}

TEST(Thinning, ExtremesSurvive) {
  auto v = noisy(43'200, 2);
  v[12'345] = 100'000;  // a stall
  v[30'001] = 1;        // a dip
  auto kept = thin_indices(v, {}, 500);
  EXPECT_TRUE(std::binary_search(kept.begin(), kept.end(), 12'345u));
  EXPECT_TRUE(std::binary_search(kept.begin(), kept.end(), 30'001u));
  // Every bucket's extremes: the overall min and max are among them.
  auto [mn, mx] = std::minmax_element(v.begin(), v.end());
  EXPECT_TRUE(std::binary_search(kept.begin(), kept.end(), std::size_t(mn - v.begin())));
  EXPECT_TRUE(std::binary_search(kept.begin(), kept.end(), std::size_t(mx - v.begin())));
}

TEST(Thinning, FlaggedPointsSurviveEvenInsideTheBand) {
  auto v = noisy(50'000, 3);
  std::vector<std::size_t> flagged;
  for (std::size_t i = 7; i < v.size(); i += 997) flagged.push_back(i);
  auto kept = thin_indices(v, flagged, 400);
  for (std::size_t f : flagged)
    EXPECT_TRUE(std::binary_search(kept.begin(), kept.end(), f)) << f;
  EXPECT_LE(kept.size(), 400u + flagged.size() + 2);
}

TEST(Thinning, ChartArraysStayParallelAndFlagsFollow) {
  nlohmann::json body = {{"values", nlohmann::json::array()},
                         {"timestamps", nlohmann::json::array()},
                         {"ewma", {{"values", nlohmann::json::array()}, {"lambda", 0.2}}},
                         {"flags", {{{"index", 777}, {"rules", {"R1"}}}}},
                         {"summary", {{"count", 5000}}}};
  auto v = noisy(5000, 4);
  for (std::size_t i = 0; i < v.size(); ++i) {
    body["values"].push_back(v[i]);
    body["timestamps"].push_back("t" + std::to_string(i));
    body["ewma"]["values"].push_back(-static_cast<double>(i));
  }
  thin_chart(body, 200);
  std::size_t n = body["values"].size();
  EXPECT_LE(n, 203u);
  EXPECT_EQ(body["timestamps"].size(), n);
  EXPECT_EQ(body["ewma"]["values"].size(), n);
  EXPECT_EQ(body["thinned"]["from"], 5000);
  EXPECT_EQ(body["thinned"]["to"], n);
  std::size_t at = body["flags"][0]["index"];
  EXPECT_EQ(body["timestamps"][at], "t777");
  EXPECT_DOUBLE_EQ(body["values"][at].get<double>(), v[777]);
  EXPECT_DOUBLE_EQ(body["ewma"]["values"][at].get<double>(), -777.0);
}

class ThinnedChartTest : public ServerTest {};

TEST_F(ThinnedChartTest, SpcAnswerIsThinnedOnRequestKeepingFlagsAndSummary) {
  nlohmann::json batch = nlohmann::json::array();
  auto v = noisy(3000, 5);
  v[2500] = 50'000;  // fires R1 when judged
  for (std::size_t i = 0; i < v.size(); ++i)
    batch.push_back({{"provider", "p"}, {"model", "m"}, {"latency_ms", v[i]},
                     {"timestamp", format_iso8601(now_ms() - (3000 - i) * 1000)}});
  ASSERT_EQ(post("/api/stats", batch)->status, 200);

  auto full = get_json("/api/stats/spc?model=m&hours=2");
  auto thin = get_json("/api/stats/spc?model=m&hours=2&max_points=300");
  ASSERT_EQ(full["values"].size(), 3000u);
  EXPECT_LE(thin["values"].size(), 300u + full["flags"].size() + 2);
  EXPECT_EQ(thin["ids"].size(), thin["values"].size());
  EXPECT_EQ(thin["summary"], full["summary"]);
  EXPECT_EQ(thin["flags"].size(), full["flags"].size());
  bool spike = false;
  for (const auto& f : thin["flags"]) {
    std::size_t at = f["index"];
    if (thin["values"][at].get<double>() == 50'000) spike = true;
  }
  EXPECT_TRUE(spike);
  EXPECT_EQ(client_->Get("/api/stats/spc?model=m&max_points=5")->status, 400);
}

}  // namespace
}  // namespace llmscope::server
