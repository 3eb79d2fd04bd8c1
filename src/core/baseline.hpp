#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/sample.hpp"
#include "core/time.hpp"
#include "spc/individuals.hpp"
#include "spc/transform.hpp"

namespace llmscope {

// A frozen baseline of one series and metric (Phase II monitoring): the
// limits stay fixed until the baseline is deleted. Made either from a time
// range of stored samples, or from "the first N points from now", which
// collects the next N points and then freezes (limits nullopt until then).
// At most one per series and metric: a new one replaces the old.
struct Baseline {
  std::int64_t id = 0;  // assigned by the store
  std::string provider;
  std::string model;
  Metric metric = Metric::latency_ms;  // not error_rate
  EpochMs created_ms = 0;
  std::optional<EpochMs> from_ms;   // the points' time range, inclusive
  std::optional<EpochMs> until_ms;  //   (set when a first-N one completes)
  std::optional<std::int64_t> first_n;
  spc::Transform transform = spc::Transform::none;  // scale of the limits
  std::optional<spc::Limits> limits;                // judged scale; nullopt: collecting
  std::optional<double> lag1;                       // lag-1 autocorrelation of its points

  SeriesKey series() const { return {provider, model}; }
};

// The judged-scale values of `metric` in successful samples, in order;
// values the transform cannot take are left out.
std::vector<double> baseline_values(const std::vector<Sample>& samples, Metric metric,
                                    spc::Transform transform);

}  // namespace llmscope
