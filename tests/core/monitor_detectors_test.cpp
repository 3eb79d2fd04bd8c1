// The live engine's further detectors: the error-rate p chart, MR1, EWMA,
// CUSUM, the log transform, frozen and "first N" baselines, and episodes.

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <set>

#include "core/monitor.hpp"

namespace llmscope {
namespace {

constexpr EpochMs kStart = 1796396400000;
const SeriesKey kSeries{"ollama", "m"};

Sample probe(EpochMs t, std::optional<double> ms) {
  Sample s;
  s.provider = kSeries.provider;
  s.model = kSeries.model;
  s.timestamp_ms = t;
  s.success = ms.has_value();
  if (ms) s.latency_ms = *ms;
  return s;
}

double wobble(int i) { return 100 + (i % 2 ? 1.0 : -1.0) * (i % 3); }

std::vector<EpisodeChange> run(Monitor& m, int n, EpochMs& t,
                               const std::function<std::optional<double>(int)>& value) {
  std::vector<EpisodeChange> all;
  for (int i = 0; i < n; ++i, t += 2000)
    for (auto& c : m.observe(probe(t, value(i))).changes) all.push_back(c);
  return all;
}

TEST(MonitorErrorRate, AnEndpointThatStartsFailingOpensAP1Violation) {
  MonitorSettings s;
  s.alert_rules = {kRuleP1};
  s.error_rate_window = 10;
  s.error_rate_min_windows = 5;
  Monitor m(s);
  EpochMs t = kStart;
  // 100 probes with one failure in 50: p-bar = 0.02.
  auto quiet = run(m, 100, t, [](int i) -> std::optional<double> {
    if (i % 50 == 7) return std::nullopt;
    return wobble(i);
  });
  EXPECT_TRUE(quiet.empty());
  // Then 5 failures in the next window of 10.
  auto failing = run(m, 10, t, [](int i) -> std::optional<double> {
    if (i < 5) return std::nullopt;
    return wobble(i);
  });
  ASSERT_EQ(failing.size(), 1u);
  const Violation& v = failing[0].violation;
  EXPECT_EQ(v.metric, Metric::error_rate);
  EXPECT_EQ(v.rule, "P1");
  EXPECT_DOUBLE_EQ(v.value, 0.5);
  EXPECT_DOUBLE_EQ(v.center, 0.02);
  EXPECT_NEAR(v.ucl, 0.02 + 3 * std::sqrt(0.02 * 0.98 / 10), 1e-12);
}

TEST(MonitorDetectors, EwmaAndCusumFireOnASmallShiftTest1DoesNotSee) {
  MonitorSettings s;
  s.alert_rules = {1, kRuleEWMA, kRuleCUSUM};
  s.error_rate_chart = false;
  Monitor m(s);
  m.freeze(kSeries, Metric::latency_ms, 7, spc::limits_from(100, 1.128, 50), 0.0);  // sigma 1
  EpochMs t = kStart;
  // A 1.5-sigma shift with no noise: never beyond 3 sigma.
  auto changes = run(m, 30, t, [](int) { return std::optional<double>(101.5); });
  std::set<std::string> opened;
  for (const auto& c : changes)
    if (c.kind == EpisodeChange::Kind::opened) opened.insert(c.violation.rule);
  EXPECT_EQ(opened, (std::set<std::string>{"EWMA", "CUSUM"}));
  // CUSUM: C+ grows by 1 sigma per point and exceeds h = 5 at the 6th.
  for (const auto& c : changes)
    if (c.violation.rule == "CUSUM" && c.kind == EpisodeChange::Kind::opened)
      EXPECT_EQ(c.violation.timestamp_ms, kStart + 5 * 2000);
}

TEST(MonitorDetectors, MovingRangeTest1FlagsAJumpBetweenTwoInControlPoints) {
  MonitorSettings s;
  s.alert_rules = {kRuleMR1};
  s.error_rate_chart = false;
  s.nelson = spc::NelsonConfig::only(std::vector<int>{});
  Monitor m(s);
  m.freeze(kSeries, Metric::latency_ms, 1, spc::limits_from(100, 1.128, 50), 0.0);
  EpochMs t = kStart;
  // 97.5 -> 102.5: both within 3 sigma, MR 5 > 3.267 x 1.128 = 3.685.
  auto obs1 = m.observe(probe(t, 97.5));
  auto obs2 = m.observe(probe(t + 2000, 102.5));
  EXPECT_EQ(obs1.judgements[0].rules, 0);
  EXPECT_TRUE(std::isnan(obs1.judgements[0].moving_range));
  EXPECT_DOUBLE_EQ(obs2.judgements[0].moving_range, 5.0);
  EXPECT_EQ(obs2.judgements[0].rules, 1u << (kRuleMR1 - 1));
  ASSERT_EQ(obs2.changes.size(), 1u);
  EXPECT_EQ(obs2.changes[0].violation.rule, "MR1");
}

TEST(MonitorTransform, LogJudgesLnAndRecordsLimitsOnTheOriginalScale) {
  MonitorSettings s;
  s.transforms[Metric::latency_ms] = spc::Transform::log;
  s.error_rate_chart = false;
  Monitor m(s);
  EpochMs t = kStart;
  run(m, 40, t, [](int i) { return std::optional<double>(std::exp(5 + 0.01 * (i % 3))); });
  auto obs = m.observe(probe(t, std::exp(6.0)));
  ASSERT_EQ(obs.judgements.size(), 1u);
  const auto& j = obs.judgements[0];
  EXPECT_EQ(j.transform, spc::Transform::log);
  EXPECT_DOUBLE_EQ(j.judged, 6.0);
  ASSERT_TRUE(j.limits);
  EXPECT_NEAR(j.limits->center, 5.01, 0.01);
  ASSERT_EQ(obs.changes.size(), 1u);  // R1
  const Violation& v = obs.changes[0].violation;
  EXPECT_NEAR(v.center, std::exp(j.limits->center), 1e-9);
  EXPECT_NEAR(v.ucl, std::exp(j.limits->ucl), 1e-9);
  EXPECT_DOUBLE_EQ(v.value, std::exp(6.0));
}

TEST(MonitorBaselines, FirstNPointsFreezeThenReleaseReturnsToRolling) {
  MonitorSettings s;
  s.error_rate_chart = false;
  Monitor m(s);
  EpochMs t = kStart;
  run(m, 30, t, [](int i) { return std::optional<double>(wobble(i)); });
  m.collect(kSeries, Metric::latency_ms, 42, 5);
  EXPECT_EQ(m.baseline_state(kSeries, Metric::latency_ms).collecting_id, 42);

  std::vector<BaselineCompleted> done;
  for (double x : {200.0, 202.0, 201.0, 203.0, 200.0}) {
    auto obs = m.observe(probe(t, x));
    for (auto& b : obs.baselines) done.push_back(b);
    t += 2000;
  }
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].id, 42);
  EXPECT_DOUBLE_EQ(done[0].limits.center, 201.2);
  EXPECT_EQ(done[0].last_ms, t - 2000);
  auto state = m.baseline_state(kSeries, Metric::latency_ms);
  EXPECT_EQ(state.frozen_id, 42);
  EXPECT_DOUBLE_EQ(state.limits->center, 201.2);

  // Frozen: the next point is judged against them, and does not move them.
  auto obs = m.observe(probe(t, 201.0));
  EXPECT_TRUE(obs.judgements[0].frozen);
  EXPECT_DOUBLE_EQ(m.current_limits(kSeries, Metric::latency_ms)->center, 201.2);
  m.release(kSeries, Metric::latency_ms);
  auto rolling = m.baseline_state(kSeries, Metric::latency_ms);
  EXPECT_FALSE(rolling.frozen_id);
  EXPECT_EQ(rolling.limits->n, 36u);  // every point seen, none frozen
}

TEST(MonitorEpisodes, ConsecutiveFiringExtendsAndCleanPointsClose) {
  MonitorSettings s;
  s.alert_rules = {1};
  s.close_after_clean = 3;
  s.error_rate_chart = false;
  Monitor m(s);
  m.freeze(kSeries, Metric::latency_ms, 1, spc::limits_from(100, 1.128, 50), 0.0);
  EpochMs t = kStart;
  const std::vector<double> xs = {100, 104, 106, 105, 100, 100, 100, 104};
  std::vector<EpisodeChange> changes;
  for (double x : xs) {
    for (auto& c : m.observe(probe(t, x)).changes) changes.push_back(c);
    t += 2000;
  }
  using K = EpisodeChange::Kind;
  ASSERT_EQ(changes.size(), 5u);
  EXPECT_EQ(changes[0].kind, K::opened);
  EXPECT_EQ(changes[1].kind, K::extended);
  EXPECT_EQ(changes[2].kind, K::extended);
  EXPECT_EQ(changes[3].kind, K::closed);
  const Violation& closed = changes[3].violation;
  EXPECT_EQ(closed.points, 3);
  EXPECT_DOUBLE_EQ(closed.peak_deviation_sigma, 6.0);
  EXPECT_EQ(closed.first_timestamp_ms, kStart + 2000);
  EXPECT_EQ(closed.last_timestamp_ms, kStart + 3 * 2000);
  EXPECT_DOUBLE_EQ(closed.ucl, 103.0);
  EXPECT_EQ(changes[4].kind, K::opened);  // a later firing opens a new one
}

TEST(MonitorBaselines, LagOneAutocorrelationOfTheRollingBaseline) {
  MonitorSettings s;
  s.error_rate_chart = false;
  Monitor m(s);
  EpochMs t = kStart;
  run(m, 60, t, [](int i) { return std::optional<double>(100 + i); });  // a trend
  EXPECT_GT(m.baseline_state(kSeries, Metric::latency_ms).lag1, 0.9);
}

}  // namespace
}  // namespace llmscope
