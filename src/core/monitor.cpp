#include "core/monitor.hpp"

#include <algorithm>
#include <cmath>

namespace llmscope {

Monitor::MetricState::MetricState(const MonitorSettings& s)
    : baseline(s.baseline_window_ms), detector(s.nelson) {}

Monitor::Monitor(MonitorSettings settings) : settings_(std::move(settings)) {}

Monitor::MetricState& Monitor::state(const SeriesKey& series, Metric metric) {
  auto& metrics = series_[series].metrics;
  auto it = metrics.find(metric);
  if (it == metrics.end()) it = metrics.emplace(metric, MetricState(settings_)).first;
  return it->second;
}

Observation Monitor::observe(const Sample& sample) {
  Observation out;
  for (Metric m : kAllMetrics) {
    auto x = metric_value(sample, m);
    if (!x || !std::isfinite(*x)) continue;
    MetricState& st = state(sample.series(), m);
    MetricJudgement j = judge(st, sample, m, *x);
    update_episodes(st, EpisodeKey{sample.series(), m, 0}, sample, j, out.changes);
    out.judgements.push_back(j);
  }
  return out;
}

MetricJudgement Monitor::judge(MetricState& st, const Sample& s, Metric m,
                               double x) {
  MetricJudgement j{m, x, std::nullopt, 0};
  st.baseline.expire(s.timestamp_ms);

  // Rules are judged only against a baseline long enough to trust, and
  // never against one that contains the point itself.
  if (st.baseline.size() >= settings_.min_points) {
    j.limits = st.baseline.limits();
    if (j.limits) j.rules = st.detector.push(x, j.limits->center, j.limits->sigma);
  }
  st.baseline.add(s.timestamp_ms, x);
  return j;
}

void Monitor::update_episodes(MetricState& st, const EpisodeKey& base,
                              const Sample& s, const MetricJudgement& j,
                              std::vector<EpisodeChange>& changes) {
  if (!j.limits) return;  // not judged: neither flagged nor clean

  for (int rule = 1; rule <= 8; ++rule) {
    // A rule no longer alerting still closes the episode it has open.
    bool alerting = std::find(settings_.alert_rules.begin(), settings_.alert_rules.end(),
                              rule) != settings_.alert_rules.end();
    auto it = st.open.find(rule);
    if (!alerting && it == st.open.end()) continue;
    EpisodeKey key = base;
    key.rule = rule;
    bool fired = alerting && (j.rules & (1u << (rule - 1)));

    if (fired && it == st.open.end()) {
      Violation v = open_violation(key, s, j);
      st.open.emplace(rule, OpenEpisode{v, 0});
      changes.push_back({EpisodeChange::Kind::opened, key, v});
    } else if (fired) {
      Violation& v = it->second.violation;
      double z = (j.value - j.limits->center) / j.limits->sigma;
      v.last_timestamp_ms = s.timestamp_ms;
      v.points += 1;
      if (std::isfinite(z) && std::abs(z) > std::abs(v.peak_deviation_sigma))
        v.peak_deviation_sigma = z;
      it->second.clean_points = 0;
      changes.push_back({EpisodeChange::Kind::extended, key, v});
    } else if (it != st.open.end() &&
               ++it->second.clean_points >= settings_.close_after_clean) {
      Violation v = it->second.violation;
      v.state = Violation::State::closed;
      st.open.erase(it);
      changes.push_back({EpisodeChange::Kind::closed, key, v});
    }
  }
}

Violation Monitor::open_violation(const EpisodeKey& key, const Sample& s,
                                  const MetricJudgement& j) const {
  const spc::Limits& l = *j.limits;
  Violation v;
  v.provider = key.series.provider;
  v.model = key.series.model;
  v.metric = key.metric;
  v.rule = rule_name(key.rule);
  v.sample_id = s.id;
  v.timestamp_ms = s.timestamp_ms;
  v.value = j.value;
  double z = l.sigma > 0 ? (j.value - l.center) / l.sigma : 0.0;
  v.deviation_sigma = z;
  v.peak_deviation_sigma = z;
  v.center = l.center;
  v.sigma = l.sigma;
  v.ucl = l.ucl;
  v.lcl = l.lcl;
  v.cpu_percent = s.cpu_percent;
  v.memory_percent = s.memory_percent;
  v.gpu_percent = s.gpu_percent;
  v.gpu_memory_percent = s.gpu_memory_percent;
  v.first_timestamp_ms = s.timestamp_ms;
  v.last_timestamp_ms = s.timestamp_ms;
  return v;
}

void Monitor::set_alert_rules(std::vector<int> rules) {
  settings_.alert_rules = std::move(rules);
}

void Monitor::warm_up(const Sample& sample) {
  for (Metric m : kAllMetrics) {
    auto x = metric_value(sample, m);
    if (!x || !std::isfinite(*x)) continue;
    judge(state(sample.series(), m), sample, m, *x);
  }
}

void Monitor::adopt_open(const Violation& violation) {
  auto rule = std::stoi(violation.rule.substr(1));
  auto& st = state({violation.provider, violation.model}, violation.metric);
  st.open[rule] = OpenEpisode{violation, 0};
}

void Monitor::set_violation_id(const EpisodeKey& key, std::int64_t id) {
  auto& st = state(key.series, key.metric);
  if (auto it = st.open.find(key.rule); it != st.open.end())
    it->second.violation.id = id;
}

std::optional<spc::Limits> Monitor::current_limits(const SeriesKey& series,
                                                   Metric metric) const {
  auto s = series_.find(series);
  if (s == series_.end()) return std::nullopt;
  auto m = s->second.metrics.find(metric);
  if (m == s->second.metrics.end()) return std::nullopt;
  return m->second.baseline.limits();
}

Monitor::Snapshot Monitor::snapshot(const std::vector<SeriesKey>& series) const {
  Snapshot snap;
  for (const auto& key : series) {
    if (snap.saved.contains(key)) continue;
    auto it = series_.find(key);
    snap.saved[key] = it == series_.end() ? std::nullopt
                                          : std::optional<SeriesState>(it->second);
  }
  return snap;
}

void Monitor::restore(const Snapshot& snapshot) {
  for (const auto& [key, state] : snapshot.saved) {
    if (state) {
      series_.insert_or_assign(key, *state);
    } else {
      series_.erase(key);
    }
  }
}

}  // namespace llmscope
