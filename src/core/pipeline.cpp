#include "core/pipeline.hpp"

#include "core/baseline_store.hpp"

namespace llmscope {

Pipeline::Pipeline(Store& store, MonitorSettings settings)
    : store_(store), monitor_(settings), published_settings_(std::move(settings)) {}

StoreResult<void> Pipeline::restore(EpochMs now_ms) {
  std::lock_guard lock(mutex_);
  return restore_locked(now_ms);
}

StoreResult<void> Pipeline::reconfigure(MonitorSettings settings, EpochMs now_ms) {
  std::lock_guard lock(mutex_);
  Monitor before = monitor_;
  monitor_ = Monitor(std::move(settings));
  // restore_locked() publishes the new engine once it is complete; on
  // failure what charts see is still the old one's.
  auto r = restore_locked(now_ms);
  if (!r) monitor_ = std::move(before);
  return r;
}

StoreResult<void> Pipeline::restore_locked(EpochMs now_ms) {
  if (auto r = load_frozen_baselines(store_, monitor_); !r) return r;
  SampleQuery q;
  q.since_ms = now_ms - monitor_.settings().baseline_window_ms;
  q.only_successful = true;
  auto samples = store_.samples(q);
  if (!samples) return std::unexpected(samples.error());
  for (const Sample& s : *samples) {
    monitor_.warm_up(s);
    known_.insert(s.series());
  }
  if (auto r = load_collecting_baselines(store_, monitor_); !r) return r;

  ViolationQuery open;
  open.state = Violation::State::open;
  open.limit = 100000;
  auto violations = store_.violations(open);
  if (!violations) return std::unexpected(violations.error());
  for (const Violation& v : *violations) monitor_.adopt_open(v);
  publish_locked(known_);
  return {};
}

StoreResult<IngestResult> Pipeline::ingest(std::vector<Sample> samples) {
  std::lock_guard lock(mutex_);
  std::vector<SeriesKey> touched;
  for (const Sample& s : samples) touched.push_back(s.series());
  auto before = monitor_.snapshot(touched);

  IngestResult result;
  std::vector<Violation> changed;
  auto committed = store_.transaction([&]() -> StoreResult<void> {
    for (Sample& s : samples)
      if (auto r = ingest_one(s, result, changed); !r) return r;
    return {};
  });
  if (!committed) {
    monitor_.restore(before);
    return std::unexpected(committed.error());
  }
  const std::set<SeriesKey> changed_series(touched.begin(), touched.end());
  known_.insert(changed_series.begin(), changed_series.end());
  publish_locked(changed_series);

  for (const SampleListener& listener : on_sample_)
    for (const Sample& s : samples) listener(s);
  for (const ViolationListener& listener : on_violation_)
    for (const Violation& v : changed) listener(v);
  return result;
}

StoreResult<void> Pipeline::ingest_one(Sample& sample, IngestResult& result,
                                       std::vector<Violation>& changed) {
  auto id = store_.insert_sample(sample);
  if (!id) return std::unexpected(id.error());
  sample.id = *id;
  result.ids.push_back(*id);

  Observation obs = monitor_.observe(sample);
  for (const BaselineCompleted& b : obs.baselines)
    if (auto r = complete_baseline(store_, b); !r) return r;
  for (const MetricJudgement& j : obs.judgements) {
    if (j.rules == 0) continue;
    if (auto r = store_.insert_flags({*id, j.metric, j.rules}); !r) return r;
    for (int rule : monitor_.settings().alert_rules)
      if (j.rules & (1u << (rule - 1))) ++result.violations_detected;
  }

  for (EpisodeChange& c : obs.changes) {
    if (c.kind == EpisodeChange::Kind::opened) {
      auto vid = store_.insert_violation(c.violation);
      if (!vid) return std::unexpected(vid.error());
      c.violation.id = *vid;
      monitor_.set_violation_id(c.key, *vid);
      ++result.violations_opened;
    } else if (auto r = store_.update_episode(c.violation); !r) {
      return r;
    }
    if (on_episode_change_)
      if (auto r = on_episode_change_(c); !r) return r;
    changed.push_back(c.violation);
  }
  return {};
}

void Pipeline::set_alert_rules(std::vector<int> rules) {
  std::lock_guard lock(mutex_);
  monitor_.set_alert_rules(std::move(rules));
  publish_locked({});
}

void Pipeline::publish_locked(const std::set<SeriesKey>& series) {
  std::map<std::pair<SeriesKey, Metric>, BaselineState> states;
  for (const SeriesKey& s : series)
    for (Metric m : kAllMetrics) states[{s, m}] = monitor_.baseline_state(s, m);
  std::lock_guard lock(published_mutex_);
  published_settings_ = monitor_.settings();
  for (auto& [key, state] : states) published_[key] = std::move(state);
}

Pipeline::ChartState Pipeline::chart_state(const SeriesKey& series, Metric metric) {
  {
    std::lock_guard lock(published_mutex_);
    auto it = published_.find({series, metric});
    if (it != published_.end()) return {published_settings_, it->second};
    if (metric == Metric::error_rate) return {published_settings_, {}};
  }
  // Not seen yet (no sample in the engine's window): ask the engine once,
  // and publish the series from now on.
  std::lock_guard lock(mutex_);
  known_.insert(series);
  publish_locked({series});
  return {monitor_.settings(), monitor_.baseline_state(series, metric)};
}

std::optional<spc::Limits> Pipeline::current_limits(const SeriesKey& series, Metric metric) const {
  std::lock_guard lock(mutex_);
  return monitor_.current_limits(series, metric);
}

}  // namespace llmscope
