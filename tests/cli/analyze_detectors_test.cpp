// analyze's detector options (--tests, --transform, --ewma, --cusum), and
// the contract between the live engine and the offline analysis: with the
// analysis' limits frozen, the engine flags exactly the same points, rule
// by rule, on many random series with ties, steps, trends and alternation.

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "cli/analyze.hpp"
#include "core/monitor.hpp"

namespace llmscope::cli {
namespace {

using Positions = std::vector<std::size_t>;

TEST(ParseTests, ListsPresetsAndErrors) {
  auto d = parse_tests("1,5,MR1");
  ASSERT_TRUE(d) << d.error();
  EXPECT_TRUE(d->mr_test);
  for (int t = 1; t <= 8; ++t) EXPECT_EQ(d->nelson.tests[t - 1].enabled, t == 1 || t == 5);

  auto we = parse_tests("we");
  ASSERT_TRUE(we);
  EXPECT_TRUE(we->nelson.tests[1].enabled);
  EXPECT_EQ(we->nelson.tests[1].length, 8);
  EXPECT_FALSE(we->nelson.tests[2].enabled);
  EXPECT_TRUE(parse_tests("all")->mr_test);
  EXPECT_FALSE(parse_tests("nelson")->mr_test);
  EXPECT_FALSE(parse_tests("9"));
  EXPECT_FALSE(parse_tests(""));
  EXPECT_FALSE(parse_tests("1,x"));
}

TEST(ParseEwmaCusum, DefaultsValuesAndErrors) {
  EXPECT_DOUBLE_EQ(parse_ewma("")->lambda, 0.2);
  EXPECT_DOUBLE_EQ(parse_ewma("")->L, 2.962);
  EXPECT_DOUBLE_EQ(parse_ewma("0.1,2.7")->lambda, 0.1);
  EXPECT_FALSE(parse_ewma("0,3"));
  EXPECT_FALSE(parse_ewma("0.2"));
  auto c = parse_cusum("0.25,4,fir");
  ASSERT_TRUE(c) << c.error();
  EXPECT_DOUBLE_EQ(c->k, 0.25);
  EXPECT_DOUBLE_EQ(c->h, 4);
  EXPECT_TRUE(c->fir);
  EXPECT_FALSE(parse_cusum("0.5"));
  EXPECT_FALSE(parse_cusum("0.5,-1"));
  EXPECT_DOUBLE_EQ(parse_cusum("")->h, 5);
}

TEST(AnalyzeValues, LogTransformJudgesLnAndSkipsNonPositive) {
  DetectorOptions d;
  d.transform = spc::Transform::log;
  auto r = analyze_values({std::exp(1.0), 0.0, std::exp(2.0), -3.0, std::exp(4.0)}, d);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->values.size(), 3u);
  EXPECT_EQ(r->skipped, 2u);
  EXPECT_NEAR(r->limits.center, 7.0 / 3, 1e-12);
  EXPECT_NEAR(r->limits.mr_center, 1.5, 1e-12);
}

TEST(AnalyzeValues, EwmaAndCusumFlagASmallSustainedShiftMoreThanTest1) {
  // 40 points around 0 then 40 shifted by one sigma-ish; deterministic.
  std::mt19937_64 rng(11);
  std::normal_distribution<double> noise(0, 1);
  std::vector<double> xs;
  for (int i = 0; i < 80; ++i) xs.push_back(noise(rng) + (i >= 40 ? 1.0 : 0.0));
  DetectorOptions d = *parse_tests("1");
  d.ewma = spc::EwmaParams{};
  d.cusum = spc::CusumParams{};
  auto r = analyze_values(xs, d);
  ASSERT_TRUE(r);
  ASSERT_TRUE(r->ewma && r->cusum);
  EXPECT_EQ(r->ewma->z.size(), xs.size());
  // The whole series is the baseline, so its center sits between the two
  // levels: the sums drift down in the first half and up in the second.
  EXPECT_GT(r->cusum->flags.size(), r->flags[0].size());
  EXPECT_GT(r->ewma->flags.size(), r->flags[0].size());
  EXPECT_GE(r->cusum->flags.back(), 40u);
  EXPECT_NEAR(r->cusum->h, 5 * r->limits.sigma, 1e-12);
}

TEST(RunAnalyze, JsonCarriesTheDetectorsAskedFor) {
  const auto path = std::filesystem::temp_directory_path() / "llmscope_analyze_detectors.csv";
  std::ofstream(path) << "v\n10\n12\n11\n13\n50\n12\n11\n";
  AnalyzeOptions o{path.string(), "v", {}};
  o.detectors = *parse_tests("all");
  o.detectors.transform = spc::Transform::log;
  o.detectors.ewma = spc::EwmaParams{};
  o.detectors.cusum = spc::CusumParams{};
  std::ostringstream out, err;
  ASSERT_EQ(run_analyze(o, "json", out, err), 0) << err.str();
  std::filesystem::remove(path);
  const auto j = nlohmann::json::parse(out.str());
  EXPECT_TRUE(j["flags"]["MR1"].is_array());
  EXPECT_EQ(j["transform"], "log");
  EXPECT_NEAR(j["original_scale"]["center"].get<double>(), std::exp(j["center"].get<double>()),
              1e-9);
  EXPECT_EQ(j["ewma"]["z"].size(), 7u);
  EXPECT_EQ(j["cusum"]["upper"].size(), 7u);
  EXPECT_DOUBLE_EQ(j["ewma"]["lambda"].get<double>(), 0.2);
  EXPECT_DOUBLE_EQ(j["cusum"]["h"].get<double>(), 5);
}

// ---- live engine with frozen limits == offline analysis ----

// A random series mixing the shapes that separate rule conventions.
std::vector<double> random_series(std::mt19937_64& rng) {
  std::uniform_int_distribution<int> length(30, 160), shape(0, 5);
  std::normal_distribution<double> noise(0, 1);
  std::vector<double> xs;
  const int n = length(rng);
  double level = 100;
  while (static_cast<int>(xs.size()) < n) {
    const int kind = shape(rng);
    const int run = 3 + static_cast<int>(rng() % 15);
    for (int i = 0; i < run; ++i) {
      double x = level + noise(rng);
      if (kind == 1) x = std::round(x);                   // ties
      if (kind == 2) x = level + 2.5 + noise(rng) * 0.3;  // a step up
      if (kind == 3) x = level + 0.4 * i;                 // a trend
      if (kind == 4) x = level + (i % 2 ? 1.5 : -1.5);    // alternation
      if (kind == 5) x = level + noise(rng) * 4;          // wide
      xs.push_back(std::max(x, 1.0));
    }
  }
  return xs;
}

Sample sample_at(EpochMs t, double ms) {
  Sample s;
  s.provider = "p";
  s.model = "m";
  s.timestamp_ms = t;
  s.latency_ms = ms;
  return s;
}

// The live engine's flags, per rule id, with the analysis' limits frozen.
std::map<int, Positions> live_flags(const std::vector<double>& xs, const AnalyzeReport& r,
                                    const DetectorOptions& d) {
  MonitorSettings s;
  s.nelson = d.nelson;
  s.mr_test = d.mr_test;
  s.ewma = d.ewma.value_or(spc::EwmaParams{false});
  s.cusum = d.cusum.value_or(spc::CusumParams{false});
  s.transforms[Metric::latency_ms] = d.transform;
  s.error_rate_chart = false;
  Monitor m(s);
  m.freeze({"p", "m"}, Metric::latency_ms, 1, r.limits, r.lag1);
  std::map<int, Positions> flags;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    auto obs = m.observe(sample_at(1'000'000 + static_cast<EpochMs>(i) * 2000, xs[i]));
    for (const auto& j : obs.judgements) {
      EXPECT_TRUE(j.frozen);
      for (int rule = 1; rule <= kRuleCount; ++rule)
        if (j.rules & (1u << (rule - 1))) flags[rule].push_back(i);
    }
  }
  return flags;
}

std::map<int, Positions> offline_flags(const AnalyzeReport& r) {
  std::map<int, Positions> flags;
  for (int t = 0; t < 8; ++t)
    if (!r.flags[t].empty()) flags[t + 1] = r.flags[t];
  if (r.mr_flags && !r.mr_flags->empty()) flags[kRuleMR1] = *r.mr_flags;
  if (r.ewma && !r.ewma->flags.empty()) flags[kRuleEWMA] = r.ewma->flags;
  if (r.cusum && !r.cusum->flags.empty()) flags[kRuleCUSUM] = r.cusum->flags;
  return flags;
}

TEST(LiveMatchesAnalyze, FrozenLimitsFlagTheSamePointsRuleByRule) {
  std::mt19937_64 rng(20261204);
  const char* presets[] = {"all", "we", "1,3,4,MR1", "2,5,6,7,8"};
  std::size_t flagged = 0;
  for (int trial = 0; trial < 400; ++trial) {
    const auto xs = random_series(rng);
    DetectorOptions d = *parse_tests(presets[trial % 4]);
    d.transform = trial % 3 == 0 ? spc::Transform::log : spc::Transform::none;
    d.ewma = spc::EwmaParams{true, trial % 2 ? 0.2 : 0.1, trial % 2 ? 2.962 : 2.7};
    d.cusum = spc::CusumParams{true, 0.5, trial % 5 ? 5.0 : 4.0, trial % 7 == 0};
    auto r = analyze_values(xs, d);
    ASSERT_TRUE(r);
    const auto offline = offline_flags(*r);
    for (const auto& [rule, positions] : offline) flagged += positions.size();
    ASSERT_EQ(live_flags(xs, *r, d), offline) << "trial " << trial;
  }
  EXPECT_GT(flagged, 1000u);  // the series do exercise the rules
}

}  // namespace
}  // namespace llmscope::cli
