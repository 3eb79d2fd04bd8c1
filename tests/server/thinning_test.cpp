// Thinning chart data for the screen: extremes and flagged points survive,
// the count is bounded, and the spc route thins on request.
#include "server/thinning.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
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
  for (std::size_t f : flagged) EXPECT_TRUE(std::binary_search(kept.begin(), kept.end(), f)) << f;
  EXPECT_LE(kept.size(), 400u + flagged.size() + 2);
}

class ThinnedChartTest : public ServerTest {};

TEST_F(ThinnedChartTest, SpcAnswerIsThinnedOnRequestKeepingFlagsAndSummary) {
  nlohmann::json batch = nlohmann::json::array();
  auto v = noisy(3000, 5);
  v[2500] = 50'000;  // fires R1 when judged
  for (std::size_t i = 0; i < v.size(); ++i)
    batch.push_back({{"provider", "p"},
                     {"model", "m"},
                     {"latency_ms", v[i]},
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

// Every point of a thinned answer carries exactly what the full answer has
// for that sample: the detectors run over all points, not the shown ones.
TEST_F(ThinnedChartTest, ThinnedPointsAreTheFullAnswersPointsDetectorsIncluded) {
  nlohmann::json batch = nlohmann::json::array();
  auto v = noisy(4000, 6);
  for (std::size_t i = 3000; i < 3040; ++i) v[i] += 120;  // a shift for EWMA and CUSUM
  for (std::size_t i = 0; i < v.size(); ++i)
    batch.push_back({{"provider", "p"},
                     {"model", "m"},
                     {"latency_ms", v[i]},
                     {"timestamp", format_iso8601(now_ms() - (4000 - i) * 1000)}});
  ASSERT_EQ(post("/api/stats", batch)->status, 200);

  auto full = get_json("/api/stats/spc?model=m&hours=2");
  auto thin = get_json("/api/stats/spc?model=m&hours=2&max_points=200");
  ASSERT_EQ(full["values"].size(), 4000u);
  ASSERT_TRUE(thin.contains("thinned"));
  EXPECT_EQ(thin["thinned"]["from"], 4000);
  const std::size_t n = thin["values"].size();
  EXPECT_EQ(thin["thinned"]["to"], n);
  EXPECT_EQ(thin["spc"], full["spc"]);
  std::map<std::int64_t, std::size_t> at;  // sample id -> position in full
  for (std::size_t i = 0; i < full["ids"].size(); ++i) at[full["ids"][i]] = i;
  std::size_t previous = 0;
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t i = at.at(thin["ids"][k].get<std::int64_t>());
    if (k > 0) {
      EXPECT_GT(i, previous);
    }
    previous = i;
    EXPECT_EQ(thin["timestamps"][k], full["timestamps"][i]);
    EXPECT_EQ(thin["values"][k], full["values"][i]);
    EXPECT_EQ(thin["models"][k], "m");
    EXPECT_EQ(thin["mr"]["values"][k], full["mr"]["values"][i]) << k;
    for (const char* key : {"z", "ucl", "lcl"}) {
      EXPECT_EQ(thin["ewma"][key][k], full["ewma"][key][i]) << key << " " << k;
    }
    for (const char* key : {"upper", "lower"}) {
      EXPECT_EQ(thin["cusum"][key][k], full["cusum"][key][i]) << key << " " << k;
    }
  }
  // The shift is flagged, and every flag points at its own sample.
  ASSERT_FALSE(full["flags"].empty());
  ASSERT_EQ(thin["flags"].size(), full["flags"].size());
  for (std::size_t f = 0; f < full["flags"].size(); ++f) {
    const std::size_t i = full["flags"][f]["index"], k = thin["flags"][f]["index"];
    EXPECT_EQ(thin["ids"][k], full["ids"][i]);
    EXPECT_EQ(thin["flags"][f]["rules"], full["flags"][f]["rules"]);
    EXPECT_EQ(thin["flags"][f]["timestamp"], full["timestamps"][i]);
  }
  // The shift's high point survives thinning.
  double highest = 0;
  for (const auto& x : thin["values"]) highest = std::max(highest, x.get<double>());
  EXPECT_EQ(highest, *std::max_element(v.begin(), v.end()));
}

TEST_F(ThinnedChartTest, SinceAndUntilChooseTheWindow) {
  const EpochMs t0 = now_ms() - 3'600'000;
  nlohmann::json batch = nlohmann::json::array();
  for (int i = 0; i < 60; ++i)
    batch.push_back({{"provider", "p"},
                     {"model", "m"},
                     {"latency_ms", 100 + i},
                     {"timestamp", format_iso8601(t0 + i * 60'000)}});
  ASSERT_EQ(post("/api/stats", batch)->status, 200);

  const std::string since = format_iso8601(t0 + 10 * 60'000);
  const std::string until = format_iso8601(t0 + 19 * 60'000);
  auto body = get_json("/api/stats/spc?model=m&since=" + since + "&until=" + until);
  ASSERT_EQ(body["values"].size(), 10u);  // inclusive at both ends
  EXPECT_EQ(body["values"].front(), 110);
  EXPECT_EQ(body["values"].back(), 119);
  EXPECT_EQ(body["since"], since);
  EXPECT_EQ(body["until"], until);
  EXPECT_NEAR(body["hours"].get<double>(), 0.15, 1e-9);
  EXPECT_EQ(body["summary"]["count"], 10);

  // until alone: `hours` back from it.
  auto before = get_json("/api/stats/spc?model=m&hours=0.25&until=" + until);
  EXPECT_EQ(before["values"].size(), 16u);  // minutes 4..19
  EXPECT_EQ(before["values"].back(), 119);

  auto status = [&](const std::string& query) {
    auto r = client_->Get("/api/stats/spc?model=m&" + query);
    return std::make_pair(r->status, nlohmann::json::parse(r->body).value("error", ""));
  };
  auto [code, error] = status("since=" + until + "&until=" + since);
  EXPECT_EQ(code, 400);
  EXPECT_NE(error.find("until"), std::string::npos) << error;
  std::tie(code, error) = status("since=yesterday");
  EXPECT_EQ(code, 400);
  EXPECT_NE(error.find("since"), std::string::npos) << error;
  std::tie(code, error) = status("until=0000-01-01T00:00:00Z");
  EXPECT_EQ(code, 400);
  EXPECT_NE(error.find("1970"), std::string::npos) << error;
  std::tie(code, error) = status("since=" + since + "&hours=2");
  EXPECT_EQ(code, 400);
  EXPECT_NE(error.find("hours"), std::string::npos) << error;
}

TEST_F(ThinnedChartTest, ErrorRateChartIsThinnedKeepingItsFlaggedWindow) {
  nlohmann::json batch = nlohmann::json::array();
  const std::size_t total = 20 * 400;
  for (std::size_t i = 0; i < total; ++i) {
    // One failure in 50, then a burst of failures in windows 300-301.
    const bool failed = i % 50 == 7 || (i >= 6000 && i < 6040);
    nlohmann::json s = {{"provider", "p"},
                        {"model", "m"},
                        {"success", !failed},
                        {"timestamp", format_iso8601(now_ms() - (total - i) * 500)}};
    if (failed)
      s["error"] = "timeout";
    else
      s["latency_ms"] = 100;
    batch.push_back(s);
  }
  ASSERT_EQ(post("/api/stats", batch)->status, 200);

  auto full = get_json("/api/stats/spc?model=m&metric=error_rate&hours=2");
  auto thin = get_json("/api/stats/spc?model=m&metric=error_rate&hours=2&max_points=100");
  ASSERT_EQ(full["values"].size(), total / full["window"].get<std::size_t>());
  ASSERT_FALSE(full["flags"].empty());
  EXPECT_LE(thin["values"].size(), 100u + full["flags"].size() + 2);
  EXPECT_EQ(thin["thinned"]["from"], full["values"].size());
  EXPECT_EQ(thin["spc"], full["spc"]);
  ASSERT_EQ(thin["flags"].size(), full["flags"].size());
  for (std::size_t f = 0; f < full["flags"].size(); ++f) {
    const std::size_t i = full["flags"][f]["index"], k = thin["flags"][f]["index"];
    EXPECT_EQ(thin["ids"][k], full["ids"][i]);
    EXPECT_EQ(thin["values"][k], full["values"][i]);
    EXPECT_GE(thin["values"][k].get<double>(), 0.5);  // inside the burst
  }
}

}  // namespace
}  // namespace llmscope::server
