#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "core/sample.hpp"
#include "core/violation.hpp"
#include "spc/individuals.hpp"
#include "spc/nelson.hpp"
#include "spc/rolling_baseline.hpp"

namespace llmscope {

struct MonitorSettings {
  std::int64_t baseline_window_ms = 24LL * 3600 * 1000;
  std::size_t min_points = 20;       // no rule is judged before this many
  std::vector<int> alert_rules = {1, 2, 3};  // tests that open violations
  int close_after_clean = 10;        // clean points that close an episode
  spc::NelsonConfig nelson = spc::NelsonConfig::minitab();
};

// Identifies one episode slot: one rule on one metric of one series.
struct EpisodeKey {
  SeriesKey series;
  Metric metric = Metric::latency_ms;
  int rule = 1;  // Nelson test number

  auto operator<=>(const EpisodeKey&) const = default;
};

// How one metric of one sample was judged.
struct MetricJudgement {
  Metric metric = Metric::latency_ms;
  double value = 0;
  std::optional<spc::Limits> limits;  // nullopt while the baseline is short
  spc::RuleMask rules = 0;            // every enabled test that fired
};

struct EpisodeChange {
  enum class Kind { opened, extended, closed };
  Kind kind = Kind::opened;
  EpisodeKey key;
  Violation violation;  // the episode after the change; id 0 when opened
};

struct Observation {
  std::vector<MetricJudgement> judgements;
  std::vector<EpisodeChange> changes;
};

// The live SPC engine: per series and metric a rolling baseline, the Nelson
// detector, and the open episodes. Pure and deterministic: time comes from
// the samples, nothing is stored. Not thread-safe (the pipeline serialises).
//
// A sample's value is judged against the limits of the baseline *before*
// it is added; failed samples are neither judged nor added, and do not
// count as clean points.
class Monitor {
 public:
  explicit Monitor(MonitorSettings settings);

  // Judges every metric of `sample` and updates the episodes.
  Observation observe(const Sample& sample);

  // Rebuilds history after a restart: adds the sample's values to the
  // baselines and detector windows without opening or changing episodes.
  void warm_up(const Sample& sample);

  // Takes over an episode that was open when the service stopped.
  void adopt_open(const Violation& violation);

  // Records the id the store gave to an episode opened by observe().
  void set_violation_id(const EpisodeKey& key, std::int64_t id);

  // The limits the next point of the series would be judged against
  // (nullopt with fewer than 2 baseline points), and the baseline size.
  std::optional<spc::Limits> current_limits(const SeriesKey& series,
                                            Metric metric) const;

  const MonitorSettings& settings() const { return settings_; }

  // Changes which tests open violations from the next sample on. Open
  // episodes of a rule taken out still close after enough clean points.
  void set_alert_rules(std::vector<int> rules);

  // The state of some series, to undo a failed transaction.
  struct Snapshot;
  Snapshot snapshot(const std::vector<SeriesKey>& series) const;
  void restore(const Snapshot& snapshot);

 private:
  struct OpenEpisode {
    Violation violation;
    int clean_points = 0;
  };
  struct MetricState {
    explicit MetricState(const MonitorSettings& s);
    spc::RollingBaseline baseline;
    spc::NelsonDetector detector;
    std::map<int, OpenEpisode> open;  // by rule
  };
  struct SeriesState {
    std::map<Metric, MetricState> metrics;
  };

  MetricState& state(const SeriesKey& series, Metric metric);
  MetricJudgement judge(MetricState& st, const Sample& s, Metric m, double x);
  void update_episodes(MetricState& st, const EpisodeKey& base,
                       const Sample& s, const MetricJudgement& j,
                       std::vector<EpisodeChange>& changes);
  Violation open_violation(const EpisodeKey& key, const Sample& s,
                           const MetricJudgement& j) const;

  MonitorSettings settings_;
  std::map<SeriesKey, SeriesState> series_;

 public:
  struct Snapshot {
    std::map<SeriesKey, std::optional<SeriesState>> saved;
  };
};

}  // namespace llmscope
