#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <vector>

#include "core/monitor.hpp"
#include "core/sample.hpp"
#include "core/store.hpp"

namespace llmscope {

struct IngestResult {
  std::vector<std::int64_t> ids;  // the stored samples' ids, in order
  int violations_detected = 0;    // alerting rules that fired
  int violations_opened = 0;      // new episodes
};

// Ties a new sample to the store and the SPC engine: the sample, its rule
// flags and the episode changes it causes are written in one transaction;
// if that fails nothing is stored and the engine is as before.
// Thread-safe: samples are judged one at a time in arrival order.
class Pipeline {
 public:
  using ViolationListener = std::function<void(const Violation&)>;
  using SampleListener = std::function<void(const Sample&)>;
  // Runs inside the ingest transaction for each episode change, after the
  // change is written (the violation has its id): what it writes commits
  // or rolls back with the sample. An error fails the whole ingest.
  using EpisodeHook = std::function<StoreResult<void>(const EpisodeChange&)>;

  Pipeline(Store& store, MonitorSettings settings);

  // Rebuilds the engine from the store after a start: the baselines from
  // the samples of the last window before `now_ms`, and the open episodes.
  StoreResult<void> restore(EpochMs now_ms);

  // Stores and judges samples (all or nothing). Samples must be valid.
  StoreResult<IngestResult> ingest(std::vector<Sample> samples);

  std::optional<spc::Limits> current_limits(const SeriesKey& series, Metric metric) const;

  // Replaces the engine with one built from `settings` and rebuilt from
  // the store as restore() does (after a change of the SPC settings). On
  // failure the engine is as before.
  StoreResult<void> reconfigure(MonitorSettings settings, EpochMs now_ms);

  // Runs f(Monitor&) under the pipeline's lock, to read. Keep it short.
  template <typename F>
  auto with_monitor(F&& f) {
    std::lock_guard lock(mutex_);
    return f(monitor_);
  }

  // Runs f(Monitor&) under the pipeline's lock to change `series` (a
  // baseline frozen or released); what charts see of it is published
  // again afterwards. Keep it short.
  template <typename F>
  auto change_monitor(const SeriesKey& series, F&& f) {
    std::lock_guard lock(mutex_);
    known_.insert(series);
    struct Republish {
      Pipeline& p;
      const SeriesKey& series;
      ~Republish() { p.publish_locked({series}); }
    } republish{*this, series};
    return f(monitor_);
  }

  // What a chart shows of the engine: its settings and a series' baseline
  // as they were after the last ingest or change. Does not wait for an
  // ingest in progress (a batch of 50,000 samples holds the pipeline for
  // seconds), except the first time a series unknown to the engine is
  // asked for.
  struct ChartState {
    MonitorSettings settings;
    BaselineState baseline;
  };
  ChartState chart_state(const SeriesKey& series, Metric metric);
  const MonitorSettings& settings() const { return monitor_.settings(); }
  void set_alert_rules(std::vector<int> rules);

  // Called after a successful commit, under the pipeline's lock: keep
  // them short. Each call adds a listener (e.g. the log and the live
  // stream); add them before the first ingest.
  void on_sample(SampleListener l) { on_sample_.push_back(std::move(l)); }
  void on_violation(ViolationListener l) { on_violation_.push_back(std::move(l)); }
  // Set before the first ingest; e.g. the alert outbox.
  void on_episode_change(EpisodeHook hook) { on_episode_change_ = std::move(hook); }

  Store& store() { return store_; }

 private:
  StoreResult<void> restore_locked(EpochMs now_ms);
  // Copies the settings and the baseline states of `series` (every metric)
  // to what chart_state() reads. Called with mutex_ held.
  void publish_locked(const std::set<SeriesKey>& series);
  StoreResult<void> ingest_one(Sample& sample, IngestResult& result,
                               std::vector<Violation>& changed);

  Store& store_;
  mutable std::mutex mutex_;
  Monitor monitor_;
  std::vector<SampleListener> on_sample_;
  std::vector<ViolationListener> on_violation_;
  EpisodeHook on_episode_change_;

  std::set<SeriesKey> known_;  // series the engine has seen (under mutex_)
  mutable std::mutex published_mutex_;
  MonitorSettings published_settings_;
  std::map<std::pair<SeriesKey, Metric>, BaselineState> published_;
};

}  // namespace llmscope
