#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/sample.hpp"
#include "core/time.hpp"

namespace llmscope {

// One episode of one rule on one series and metric: opened by the first
// flagged point, extended while the rule keeps firing, closed after enough
// clean points. The statistics are those the opening point was judged
// against, frozen. Acknowledging and resolving are independent of state.
struct Violation {
  enum class State { open, closed };

  std::int64_t id = 0;  // assigned by the store
  std::string provider;
  std::string model;
  Metric metric = Metric::latency_ms;
  std::string rule;  // rule_name(): "R1".."R8", "MR1", "EWMA", "CUSUM", "P1"

  // The point that opened the episode and the limits it was judged against.
  std::int64_t sample_id = 0;
  EpochMs timestamp_ms = 0;
  double value = 0;
  double deviation_sigma = 0;  // (value - center) / sigma
  double center = 0;
  double sigma = 0;
  double ucl = 0;
  double lcl = 0;

  // Host telemetry at that moment, in percent.
  std::optional<double> cpu_percent;
  std::optional<double> memory_percent;
  std::optional<double> gpu_percent;
  std::optional<double> gpu_memory_percent;

  // The episode.
  EpochMs first_timestamp_ms = 0;
  EpochMs last_timestamp_ms = 0;
  std::int64_t points = 1;  // flagged points in the episode
  double peak_deviation_sigma = 0;  // largest |deviation| seen, signed
  State state = State::open;

  // The workflow.
  std::optional<EpochMs> acknowledged_at_ms;
  std::optional<std::string> acknowledged_by;
  std::optional<std::string> note;
  std::optional<EpochMs> resolved_at_ms;
  std::optional<std::string> resolved_by;

  bool is_acknowledged() const { return acknowledged_at_ms.has_value(); }
  bool is_resolved() const { return resolved_at_ms.has_value(); }
};

std::string_view to_string(Violation::State state);

// Rule ids: 1 to 8 are the Nelson tests ("R1".."R8"); then the further
// detectors. A stored rule name never changes meaning.
inline constexpr int kRuleMR1 = 9;     // "MR1": moving range above its UCL
inline constexpr int kRuleEWMA = 10;   // "EWMA": statistic beyond its limits
inline constexpr int kRuleCUSUM = 11;  // "CUSUM": a cumulative sum above h sigma
inline constexpr int kRuleP1 = 12;     // "P1": error-rate window beyond p-chart limits
inline constexpr int kRuleCount = 12;

// "R1".."R8", "MR1", "EWMA", "CUSUM", "P1" for rule ids 1..12.
std::string rule_name(int rule);
// The id of a rule name (case-insensitive; "1".."8" mean R1..R8).
std::optional<int> rule_from_name(std::string_view name);

}  // namespace llmscope
