// The live engine on tests/data/spc/rules_edge_cases.json: with the case's
// limits frozen it flags exactly the expected points, and its rolling
// baseline, which never holds the point judged, flags the spike that a
// window including the point cannot (the Samuelson case).

#include <gtest/gtest.h>

#include "core/monitor.hpp"
#include "spc/reference_data.hpp"

namespace llmscope {
namespace {

constexpr EpochMs kStart = 1796396400000;

Sample point(std::size_t i, double x) {
  Sample s;
  s.provider = "edge";
  s.model = "case";
  s.timestamp_ms = kStart + static_cast<EpochMs>(i) * 1000;
  s.latency_ms = x;
  return s;
}

MonitorSettings plain_settings() {
  MonitorSettings s;
  s.ewma.enabled = false;
  s.cusum.enabled = false;
  s.mr_test = false;
  s.error_rate_chart = false;
  return s;
}

TEST(MonitorRulesEdgeCases, FrozenLimitsFlagExactlyTheExpectedPoints) {
  const auto cases = spc::testdata::load_json("spc/rules_edge_cases.json").at("cases");
  int judged = 0;
  for (const auto& c : cases) {
    if (!c.contains("test")) continue;
    const int test = c.at("test").get<int>();
    const auto xs = c.at("data").get<std::vector<double>>();
    Monitor m(plain_settings());
    // A limits object whose center and sigma are the case's.
    spc::Limits l =
        spc::limits_from(c.at("CL").get<double>(), c.at("sigma").get<double>() * spc::kD2, 100);
    l.sigma = c.at("sigma").get<double>();  // exactly, for points on a zone boundary
    m.freeze({"edge", "case"}, Metric::latency_ms, 1, l, 0.0);
    std::vector<std::size_t> flagged;
    for (std::size_t i = 0; i < xs.size(); ++i)
      for (const auto& j : m.observe(point(i, xs[i])).judgements)
        if (j.rules & (1u << (test - 1))) flagged.push_back(i + 1);
    EXPECT_EQ(flagged, c.at("expected_flags_1based").get<std::vector<std::size_t>>())
        << c.at("name").get<std::string>();
    ++judged;
  }
  EXPECT_GE(judged, 23);
}

TEST(MonitorRulesEdgeCases, RollingBaselineWithoutThePointFlagsTheSamuelsonSpike) {
  const auto cases = spc::testdata::load_json("spc/rules_edge_cases.json").at("cases");
  for (const auto& c : cases) {
    if (c.contains("test")) continue;
    const auto xs = c.at("data").get<std::vector<double>>();
    MonitorSettings s = plain_settings();
    s.min_points = xs.size() - 1;  // the nine zeros before the spike
    Monitor m(s);
    Observation last;
    for (std::size_t i = 0; i < xs.size(); ++i) last = m.observe(point(i, xs[i]));
    ASSERT_EQ(last.judgements.size(), 1u);
    ASSERT_TRUE(last.judgements[0].limits);
    EXPECT_EQ(last.judgements[0].limits->n, xs.size() - 1);
    EXPECT_TRUE(last.judgements[0].rules & 1u) << "a window including the point cannot flag it";
  }
}

}  // namespace
}  // namespace llmscope
