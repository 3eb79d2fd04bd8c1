#include "core/monitor.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace llmscope {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::uint32_t bit(int rule) { return 1u << (rule - 1); }

std::uint32_t mask_of(const std::vector<int>& rules, bool error_rate_alerts) {
  std::uint32_t mask = error_rate_alerts ? bit(kRuleP1) : 0;
  for (int r : rules)
    if (r >= 1 && r <= kRuleCount) mask |= bit(r);
  return mask;
}

// z of the judged value; 0 for a flat baseline (peak is then meaningless).
double deviation_of(const MetricJudgement& j) {
  const spc::Limits& l = *j.limits;
  return l.sigma > 0 ? (j.judged - l.center) / l.sigma : 0.0;
}

}  // namespace

spc::Transform MonitorSettings::transform_of(const SeriesKey& series, Metric metric) const {
  if (auto it = series_transforms.find({series, metric}); it != series_transforms.end())
    return it->second;
  if (auto it = transforms.find(metric); it != transforms.end()) return it->second;
  return spc::Transform::none;
}

Monitor::MetricState::MetricState(const MonitorSettings& s, spc::Transform t)
    : transform(t),
      baseline(s.baseline_window_ms),
      detector(s.nelson),
      ewma(s.ewma),
      cusum(s.cusum),
      previous(kNaN) {}

void Monitor::MetricState::restart_detectors() {
  detector.reset();
  ewma.reset();
  cusum.reset();
}

Monitor::ErrorRateState::ErrorRateState(const MonitorSettings& s)
    : baseline(s.baseline_window_ms) {}

Monitor::Monitor(MonitorSettings settings)
    : settings_(std::move(settings)),
      alert_mask_(mask_of(settings_.alert_rules, settings_.error_rate_alerts)) {}

Monitor::MetricState& Monitor::state(const SeriesKey& series, Metric metric) {
  auto& metrics = series_[series].metrics;
  auto it = metrics.find(metric);
  if (it == metrics.end())
    it = metrics.emplace(metric, MetricState(settings_, settings_.transform_of(series, metric)))
             .first;
  return it->second;
}

const Monitor::MetricState* Monitor::find(const SeriesKey& series, Metric metric) const {
  auto s = series_.find(series);
  if (s == series_.end()) return nullptr;
  auto m = s->second.metrics.find(metric);
  return m == s->second.metrics.end() ? nullptr : &m->second;
}

Monitor::OpenEpisodes& Monitor::open_of(const SeriesKey& series, Metric metric) {
  if (metric != Metric::error_rate) return state(series, metric).open;
  auto& errors = series_[series].errors;
  if (!errors) errors.emplace(settings_);
  return errors->open;
}

Observation Monitor::observe(const Sample& sample) {
  Observation out;
  const SeriesKey series = sample.series();
  for (Metric m : kAllMetrics) {
    auto x = metric_value(sample, m);
    if (!x || !std::isfinite(*x)) continue;
    MetricState& st = state(series, m);
    MetricJudgement j = judge(st, sample, m, *x, &out);
    if (std::isnan(j.judged)) continue;  // the transform cannot take it
    update_episodes(st.open, EpisodeKey{series, m, 0}, sample, j, out.changes);
    out.judgements.push_back(j);
  }

  if (settings_.error_rate_chart) {
    auto& errors = series_[series].errors;
    if (!errors) errors.emplace(settings_);
    if (auto j = judge_error_rate(*errors, sample)) {
      update_episodes(errors->open, EpisodeKey{series, Metric::error_rate, 0}, sample, *j,
                      out.changes);
      out.judgements.push_back(*j);
    }
  }
  return out;
}

MetricJudgement Monitor::judge(MetricState& st, const Sample& s, Metric m, double x,
                               Observation* out) {
  MetricJudgement j;
  j.metric = m;
  j.value = x;
  j.transform = st.transform;
  j.judged = spc::apply(st.transform, x);
  j.moving_range = kNaN;
  if (std::isnan(j.judged)) return j;
  st.baseline.expire(s.timestamp_ms);

  // Rules are judged only against a baseline long enough to trust, and
  // never against one that contains the point itself.
  if (st.frozen) {
    j.limits = st.frozen->limits;
    j.frozen = true;
  } else if (st.baseline.size() >= settings_.min_points) {
    j.limits = st.baseline.limits();
  }
  if (!std::isnan(st.previous)) j.moving_range = std::fabs(j.judged - st.previous);
  if (j.limits) judge_rules(st, j);

  st.previous = j.judged;
  st.baseline.add(s.timestamp_ms, j.judged);
  if (st.collecting) collect_point(st, s, m, j.judged, out);
  return j;
}

void Monitor::judge_rules(MetricState& st, MetricJudgement& j) const {
  const spc::Limits& l = *j.limits;
  std::uint32_t rules = st.detector.push(j.judged, l.center, l.sigma);
  // MR chart: test 1 only (a moving range beyond D4 x mean MR).
  if (settings_.mr_test && j.moving_range > l.mr_ucl) rules |= bit(kRuleMR1);
  if (settings_.ewma.enabled) {
    j.ewma = st.ewma.push(j.judged, l.center, l.sigma);
    if (j.ewma.signal) rules |= bit(kRuleEWMA);
  }
  if (settings_.cusum.enabled) {
    j.cusum = st.cusum.push(j.judged, l.center, l.sigma);
    if (j.cusum.signal) rules |= bit(kRuleCUSUM);
  }
  j.rules = static_cast<spc::RuleMask>(rules);
}

void Monitor::collect_point(MetricState& st, const Sample& s, Metric m, double y,
                            Observation* out) {
  Collecting& c = *st.collecting;
  if (c.values.empty()) c.first_ms = s.timestamp_ms;
  c.values.push_back(y);
  if (c.values.size() < c.points) return;

  auto limits = spc::individuals_limits(c.values);
  const double lag1 = spc::lag1_autocorrelation(c.values);
  BaselineCompleted done{c.id, s.series(), m, *limits, lag1, c.first_ms, s.timestamp_ms};
  st.collecting.reset();
  st.frozen = Frozen{done.id, done.limits, lag1};
  st.restart_detectors();
  if (out) out->baselines.push_back(done);
}

std::optional<MetricJudgement> Monitor::judge_error_rate(ErrorRateState& st, const Sample& s) {
  st.probes += 1;
  st.failures += s.success ? 0 : 1;
  if (st.probes < settings_.error_rate_window) return std::nullopt;

  // The window is complete: one point of the p chart.
  const std::int64_t n = st.probes;
  const double p = static_cast<double>(st.failures) / static_cast<double>(n);
  st.baseline.expire(s.timestamp_ms);
  MetricJudgement j;
  j.metric = Metric::error_rate;
  j.value = j.judged = p;
  j.moving_range = kNaN;
  if (st.baseline.size() >= settings_.error_rate_min_windows) {
    if (auto pl = st.baseline.limits(n)) {
      spc::Limits l;
      l.center = pl->center;
      l.sigma = pl->sigma;
      l.ucl = pl->ucl;
      l.lcl = pl->lcl;
      l.n = static_cast<std::size_t>(pl->trials);
      j.limits = l;
      if (spc::proportion_signal(p, *pl)) j.rules = static_cast<spc::RuleMask>(bit(kRuleP1));
    }
  }
  st.baseline.add(s.timestamp_ms, st.failures, n);
  st.probes = st.failures = 0;
  return j;
}

void Monitor::update_episodes(OpenEpisodes& open, const EpisodeKey& base, const Sample& s,
                              const MetricJudgement& j, std::vector<EpisodeChange>& changes) {
  if (!j.limits) return;  // not judged: neither flagged nor clean
  if (open.empty() && (j.rules & alert_mask_) == 0) return;

  for (int rule = 1; rule <= kRuleCount; ++rule) {
    // A rule no longer alerting still closes the episode it has open.
    const bool alerting = alert_mask_ & bit(rule);
    auto it = open.find(rule);
    if (!alerting && it == open.end()) continue;
    EpisodeKey key = base;
    key.rule = rule;
    const bool fired = alerting && (j.rules & bit(rule));

    if (fired && it == open.end()) {
      Violation v = open_violation(key, s, j);
      open.emplace(rule, OpenEpisode{v, 0});
      changes.push_back({EpisodeChange::Kind::opened, key, v});
    } else if (fired) {
      Violation& v = it->second.violation;
      const double z = deviation_of(j);
      v.last_timestamp_ms = s.timestamp_ms;
      v.points += 1;
      if (std::isfinite(z) && std::abs(z) > std::abs(v.peak_deviation_sigma))
        v.peak_deviation_sigma = z;
      it->second.clean_points = 0;
      changes.push_back({EpisodeChange::Kind::extended, key, v});
    } else if (it != open.end() && ++it->second.clean_points >= settings_.close_after_clean) {
      Violation v = it->second.violation;
      v.state = Violation::State::closed;
      open.erase(it);
      changes.push_back({EpisodeChange::Kind::closed, key, v});
    }
  }
}

Violation Monitor::open_violation(const EpisodeKey& key, const Sample& s,
                                  const MetricJudgement& j) const {
  // The limits are recorded on the original scale; sigma and the
  // deviations stay on the judged scale (log units under the log transform).
  const spc::Limits l = spc::to_original_scale(j.transform, *j.limits);
  Violation v;
  v.provider = key.series.provider;
  v.model = key.series.model;
  v.metric = key.metric;
  v.rule = rule_name(key.rule);
  v.sample_id = s.id;
  v.timestamp_ms = s.timestamp_ms;
  v.value = j.value;
  const double z = deviation_of(j);
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
  alert_mask_ = mask_of(settings_.alert_rules, settings_.error_rate_alerts);
}

void Monitor::warm_up(const Sample& sample) {
  const SeriesKey series = sample.series();
  for (Metric m : kAllMetrics) {
    auto x = metric_value(sample, m);
    if (!x || !std::isfinite(*x)) continue;
    judge(state(series, m), sample, m, *x, nullptr);
  }
  if (settings_.error_rate_chart) {
    auto& errors = series_[series].errors;
    if (!errors) errors.emplace(settings_);
    judge_error_rate(*errors, sample);
  }
}

void Monitor::adopt_open(const Violation& violation) {
  auto rule = rule_from_name(violation.rule);
  if (!rule) return;  // a rule this engine does not know: leave it be
  open_of({violation.provider, violation.model}, violation.metric)[*rule] =
      OpenEpisode{violation, 0};
}

void Monitor::set_violation_id(const EpisodeKey& key, std::int64_t id) {
  auto& open = open_of(key.series, key.metric);
  if (auto it = open.find(key.rule); it != open.end()) it->second.violation.id = id;
}

void Monitor::freeze(const SeriesKey& series, Metric metric, std::int64_t id,
                     const spc::Limits& limits, double lag1) {
  MetricState& st = state(series, metric);
  st.collecting.reset();
  st.frozen = Frozen{id, limits, lag1};
  st.restart_detectors();
}

void Monitor::collect(const SeriesKey& series, Metric metric, std::int64_t id, std::size_t points) {
  MetricState& st = state(series, metric);
  st.collecting = Collecting{id, std::max<std::size_t>(points, 2), {}, 0};
}

void Monitor::release(const SeriesKey& series, Metric metric) {
  MetricState& st = state(series, metric);
  if (!st.frozen && !st.collecting) return;
  st.collecting.reset();
  if (st.frozen) st.restart_detectors();
  st.frozen.reset();
}

std::optional<spc::Limits> Monitor::current_limits(const SeriesKey& series, Metric metric) const {
  const MetricState* st = find(series, metric);
  if (!st) return std::nullopt;
  if (st->frozen) return st->frozen->limits;
  return st->baseline.limits();
}

BaselineState Monitor::baseline_state(const SeriesKey& series, Metric metric) const {
  BaselineState out;
  out.transform = settings_.transform_of(series, metric);
  out.lag1 = kNaN;
  const MetricState* st = find(series, metric);
  if (!st) return out;
  out.transform = st->transform;
  out.limits = current_limits(series, metric);
  if (st->frozen) {
    out.frozen_id = st->frozen->id;
    out.lag1 = st->frozen->lag1;
  } else {
    out.lag1 = st->baseline.lag1_autocorrelation();
  }
  if (st->collecting) {
    out.collecting_id = st->collecting->id;
    out.collected = st->collecting->values.size();
  }
  return out;
}

Monitor::Snapshot Monitor::snapshot(const std::vector<SeriesKey>& series) const {
  Snapshot snap;
  for (const auto& key : series) {
    if (snap.saved.contains(key)) continue;
    auto it = series_.find(key);
    snap.saved[key] = it == series_.end() ? std::nullopt : std::optional<SeriesState>(it->second);
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
