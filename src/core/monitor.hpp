#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "core/sample.hpp"
#include "core/violation.hpp"
#include "spc/cusum.hpp"
#include "spc/ewma.hpp"
#include "spc/individuals.hpp"
#include "spc/nelson.hpp"
#include "spc/proportion.hpp"
#include "spc/rolling_baseline.hpp"
#include "spc/transform.hpp"

namespace llmscope {

// How the live engine judges. Defaults are those of the design
// (docs/STATISTICS.md); the service sets them from the run-time settings.
struct MonitorSettings {
  std::int64_t baseline_window_ms = 24LL * 3600 * 1000;
  std::size_t min_points = 20;               // no rule is judged before this many
  std::vector<int> alert_rules = {1, 2, 3};  // rules that open violations
  int close_after_clean = 10;                // clean points that close an episode
  spc::NelsonConfig nelson = spc::NelsonConfig::minitab();
  bool mr_test = true;     // MR1: moving range above 3.267 mean MR
  spc::EwmaParams ewma;    // rule EWMA
  spc::CusumParams cusum;  // rule CUSUM
  // Error rate (metric error_rate, rule P1): a p chart whose points are
  // consecutive windows of this many samples (probes, failed or not).
  bool error_rate_chart = true;
  // P1 opens violations whatever alert_rules says, so that an endpoint
  // that starts failing is a violation out of the box (the service's
  // setting error_rate_alerts, default on).
  bool error_rate_alerts = false;
  int error_rate_window = 20;
  std::size_t error_rate_min_windows = 5;  // baseline windows before judging
  // Transform per metric, and per series and metric (which wins).
  std::map<Metric, spc::Transform> transforms;
  std::map<std::pair<SeriesKey, Metric>, spc::Transform> series_transforms;

  spc::Transform transform_of(const SeriesKey& series, Metric metric) const;
};

// Identifies one episode slot: one rule on one metric of one series.
struct EpisodeKey {
  SeriesKey series;
  Metric metric = Metric::latency_ms;
  int rule = 1;  // rule id (core/violation.hpp)

  auto operator<=>(const EpisodeKey&) const = default;
};

// How one metric of one sample was judged. For error_rate the point is the
// window of samples that this sample completed, and `limits` are the p
// chart's (center p-bar, sigma sqrt(p(1-p)/n), ucl, lcl; n = probes).
struct MetricJudgement {
  Metric metric = Metric::latency_ms;
  double value = 0;   // original scale
  double judged = 0;  // the value the rules saw (ln x under log)
  spc::Transform transform = spc::Transform::none;
  std::optional<spc::Limits> limits;  // judged scale; nullopt: not judged
  bool frozen = false;                // limits from a frozen baseline
  spc::RuleMask rules = 0;            // bit (rule - 1) for every rule that fired
  double moving_range = 0;            // judged scale; NaN for the first point
  spc::EwmaPoint ewma;                // valid when judged and EWMA is on
  spc::CusumPoint cusum;              // valid when judged and CUSUM is on
};

struct EpisodeChange {
  enum class Kind { opened, extended, closed };
  Kind kind = Kind::opened;
  EpisodeKey key;
  Violation violation;  // the episode after the change; id 0 when opened
};

// A "first N points" baseline that this sample completed: its limits are
// frozen from now on and should be persisted.
struct BaselineCompleted {
  std::int64_t id = 0;
  SeriesKey series;
  Metric metric = Metric::latency_ms;
  spc::Limits limits;  // judged scale
  double lag1 = 0;
  EpochMs first_ms = 0, last_ms = 0;
};

struct Observation {
  std::vector<MetricJudgement> judgements;
  std::vector<EpisodeChange> changes;
  std::vector<BaselineCompleted> baselines;
};

// What a chart shows about the limits of one series and metric.
struct BaselineState {
  std::optional<spc::Limits> limits;  // judged scale; nullopt while short
  spc::Transform transform = spc::Transform::none;
  std::optional<std::int64_t> frozen_id;      // a frozen baseline in force
  std::optional<std::int64_t> collecting_id;  // a "first N" being collected
  std::size_t collected = 0;                  // points of it so far
  double lag1 = 0;                            // NaN when undefined
};

// The live SPC engine: per series and metric a rolling (or frozen)
// baseline, the Nelson tests, MR1, EWMA and CUSUM, and per series the
// error-rate p chart; and the open episodes. Pure and deterministic: time
// comes from the samples, nothing is stored. Not thread-safe (the pipeline
// serialises).
//
// A sample's value is judged against the limits of the baseline *before*
// it is added; failed samples are neither judged nor added to the metric
// baselines (they count in the error rate), and do not count as clean
// points. Values the transform cannot take (ln of x <= 0) are skipped.
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

  // Phase II: judges the series against fixed limits (judged scale) from
  // the next point on; the detectors start afresh. Replaces any frozen or
  // collecting baseline of the series and metric.
  void freeze(const SeriesKey& series, Metric metric, std::int64_t id, const spc::Limits& limits,
              double lag1);
  // Collects the next `points` judged-scale values and then freezes their
  // limits (reported once in Observation::baselines). points >= 2.
  void collect(const SeriesKey& series, Metric metric, std::int64_t id, std::size_t points);
  // Back to the rolling baseline (the detectors start afresh).
  void release(const SeriesKey& series, Metric metric);

  // The limits the next point of the series would be judged against
  // (judged scale; nullopt with fewer than 2 baseline points).
  std::optional<spc::Limits> current_limits(const SeriesKey& series, Metric metric) const;
  BaselineState baseline_state(const SeriesKey& series, Metric metric) const;

  const MonitorSettings& settings() const { return settings_; }

  // Changes which rules open violations from the next sample on. Open
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
  using OpenEpisodes = std::map<int, OpenEpisode>;  // by rule
  struct Frozen {
    std::int64_t id;
    spc::Limits limits;
    double lag1;
  };
  struct Collecting {
    std::int64_t id;
    std::size_t points;
    std::vector<double> values;
    EpochMs first_ms = 0;
  };
  struct MetricState {
    MetricState(const MonitorSettings& s, spc::Transform t);
    spc::Transform transform;
    spc::RollingBaseline baseline;
    std::optional<Frozen> frozen;
    std::optional<Collecting> collecting;
    spc::NelsonDetector detector;
    spc::EwmaDetector ewma;
    spc::CusumDetector cusum;
    double previous;  // last judged-scale value, for the moving range
    OpenEpisodes open;
    void restart_detectors();
  };
  struct ErrorRateState {
    explicit ErrorRateState(const MonitorSettings& s);
    spc::ProportionBaseline baseline;
    std::int64_t probes = 0;  // in the window being filled
    std::int64_t failures = 0;
    OpenEpisodes open;
  };
  struct SeriesState {
    std::map<Metric, MetricState> metrics;
    std::optional<ErrorRateState> errors;
  };

  MetricState& state(const SeriesKey& series, Metric metric);
  const MetricState* find(const SeriesKey& series, Metric metric) const;
  OpenEpisodes& open_of(const SeriesKey& series, Metric metric);
  MetricJudgement judge(MetricState& st, const Sample& s, Metric m, double x, Observation* out);
  void judge_rules(MetricState& st, MetricJudgement& j) const;
  void collect_point(MetricState& st, const Sample& s, Metric m, double y, Observation* out);
  std::optional<MetricJudgement> judge_error_rate(ErrorRateState& st, const Sample& s);
  void update_episodes(OpenEpisodes& open, const EpisodeKey& base, const Sample& s,
                       const MetricJudgement& j, std::vector<EpisodeChange>& changes);
  Violation open_violation(const EpisodeKey& key, const Sample& s, const MetricJudgement& j) const;

  MonitorSettings settings_;
  std::uint32_t alert_mask_ = 0;  // bit (rule - 1) per alerting rule
  std::map<SeriesKey, SeriesState> series_;

 public:
  struct Snapshot {
    std::map<SeriesKey, std::optional<SeriesState>> saved;
  };
};

}  // namespace llmscope
