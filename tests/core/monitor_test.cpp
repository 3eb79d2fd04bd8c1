#include "core/monitor.hpp"

#include <gtest/gtest.h>

#include <random>

namespace llmscope {
namespace {

constexpr EpochMs kStart = 1796396400000;

Sample latency(EpochMs t, double ms, bool ok = true) {
  Sample s;
  s.provider = "ollama";
  s.model = "m";
  s.timestamp_ms = t;
  s.success = ok;
  if (ok) s.latency_ms = ms;
  return s;
}

// Feeds values 2 s apart; returns every change.
std::vector<EpisodeChange> feed(Monitor& m, const std::vector<double>& values,
                                EpochMs& t) {
  std::vector<EpisodeChange> all;
  for (double v : values) {
    auto obs = m.observe(latency(t, v));
    for (auto& c : obs.changes) all.push_back(c);
    t += 2000;
  }
  return all;
}

std::vector<double> steady(int n, double around = 100) {
  std::vector<double> out;
  for (int i = 0; i < n; ++i) out.push_back(around + (i % 2 ? 1.0 : -1.0) * (i % 3));
  return out;
}

TEST(Monitor, JudgesNothingBeforeTheMinimumBaseline) {
  MonitorSettings s;
  s.min_points = 20;
  Monitor m(s);
  EpochMs t = kStart;
  auto changes = feed(m, steady(19), t);
  auto obs = m.observe(latency(t, 1e6));  // 20th point: baseline has 19
  EXPECT_TRUE(changes.empty());
  EXPECT_TRUE(obs.changes.empty());
  // The 20th sample also completes the first error-rate window (the
  // judgement after the latency one); nothing is judged on either.
  ASSERT_EQ(obs.judgements.size(), 2u);
  EXPECT_EQ(obs.judgements[0].metric, Metric::latency_ms);
  EXPECT_FALSE(obs.judgements[0].limits.has_value());
  EXPECT_EQ(obs.judgements[1].metric, Metric::error_rate);
  EXPECT_FALSE(obs.judgements[1].limits.has_value());
}

TEST(Monitor, OpensOneEpisodeWithFrozenLimitsForASpike) {
  Monitor m(MonitorSettings{});
  EpochMs t = kStart;
  feed(m, steady(30), t);
  auto before = m.current_limits({"ollama", "m"}, Metric::latency_ms);
  ASSERT_TRUE(before);
  auto obs = m.observe(latency(t, 500));

  ASSERT_EQ(obs.changes.size(), 1u);
  const Violation& v = obs.changes[0].violation;
  EXPECT_EQ(obs.changes[0].kind, EpisodeChange::Kind::opened);
  EXPECT_EQ(v.rule, "R1");
  EXPECT_DOUBLE_EQ(v.center, before->center);
  EXPECT_DOUBLE_EQ(v.ucl, before->ucl);
  EXPECT_DOUBLE_EQ(v.deviation_sigma, (500 - before->center) / before->sigma);
  EXPECT_EQ(v.first_timestamp_ms, t);
}

TEST(Monitor, ConsecutiveFiringExtendsAndCleanPointsClose) {
  MonitorSettings s;
  s.alert_rules = {1};
  s.close_after_clean = 3;
  s.baseline_window_ms = 60'000;  // 30 points: the spikes age out slowly
  Monitor m(s);
  EpochMs t = kStart;
  feed(m, steady(40), t);
  auto spikes = feed(m, {900, 900}, t);
  ASSERT_EQ(spikes.size(), 2u);
  EXPECT_EQ(spikes[0].kind, EpisodeChange::Kind::opened);
  EXPECT_EQ(spikes[1].kind, EpisodeChange::Kind::extended);
  EXPECT_EQ(spikes[1].violation.points, 2);

  auto calm = feed(m, steady(3), t);
  ASSERT_EQ(calm.size(), 1u);
  EXPECT_EQ(calm[0].kind, EpisodeChange::Kind::closed);
  EXPECT_EQ(calm[0].violation.state, Violation::State::closed);
}

TEST(Monitor, FailedSamplesAreNeitherJudgedNorBaseline) {
  Monitor m(MonitorSettings{});
  EpochMs t = kStart;
  feed(m, steady(25), t);
  auto before = m.current_limits({"ollama", "m"}, Metric::latency_ms);
  auto obs = m.observe(latency(t, 0, false));
  auto after = m.current_limits({"ollama", "m"}, Metric::latency_ms);
  EXPECT_TRUE(obs.judgements.empty());
  EXPECT_EQ(before->n, after->n);
  EXPECT_DOUBLE_EQ(before->center, after->center);
}

TEST(Monitor, BaselineNeverContainsThePointJudged) {
  Monitor m(MonitorSettings{});
  EpochMs t = kStart;
  feed(m, steady(25), t);
  auto before = m.current_limits({"ollama", "m"}, Metric::latency_ms);
  auto obs = m.observe(latency(t, 130));
  ASSERT_TRUE(obs.judgements[0].limits);
  EXPECT_DOUBLE_EQ(obs.judgements[0].limits->center, before->center);
  EXPECT_EQ(obs.judgements[0].limits->n, 25u);
}

TEST(Monitor, OnlyAlertRulesOpenViolations) {
  MonitorSettings s;
  s.alert_rules = {2};  // a spike (test 1) must not open anything
  Monitor m(s);
  EpochMs t = kStart;
  feed(m, steady(30), t);
  auto obs = m.observe(latency(t, 1000));
  EXPECT_TRUE(obs.changes.empty());
  EXPECT_TRUE(obs.judgements[0].rules & 1u);  // still flagged for the chart
}

TEST(Monitor, SnapshotRestoreUndoesObservations) {
  Monitor m(MonitorSettings{});
  EpochMs t = kStart;
  feed(m, steady(30), t);
  auto snap = m.snapshot({{"ollama", "m"}, {"ollama", "new"}});
  auto before = *m.current_limits({"ollama", "m"}, Metric::latency_ms);
  m.observe(latency(t, 5000));
  Sample other = latency(t, 1);
  other.model = "new";
  m.observe(other);
  m.restore(snap);
  auto after = *m.current_limits({"ollama", "m"}, Metric::latency_ms);
  EXPECT_EQ(after.n, before.n);
  EXPECT_DOUBLE_EQ(after.center, before.center);
  EXPECT_FALSE(m.current_limits({"ollama", "new"}, Metric::latency_ms));
  // The undone spike opened an episode; after restore it opens again.
  auto obs = m.observe(latency(t, 5000));
  ASSERT_EQ(obs.changes.size(), 1u);
  EXPECT_EQ(obs.changes[0].kind, EpisodeChange::Kind::opened);
}

TEST(Monitor, EachMetricIsItsOwnSeries) {
  Monitor m(MonitorSettings{});
  EpochMs t = kStart;
  for (int i = 0; i < 30; ++i, t += 2000) {
    Sample s = latency(t, 100 + i % 3);
    s.ttft_ms = 20 + i % 2;
    m.observe(s);
  }
  Sample s = latency(t, 101);
  s.ttft_ms = 400;  // only time to first token jumps
  auto obs = m.observe(s);
  ASSERT_EQ(obs.changes.size(), 1u);
  EXPECT_EQ(obs.changes[0].violation.metric, Metric::ttft_ms);
}

}  // namespace
}  // namespace llmscope
