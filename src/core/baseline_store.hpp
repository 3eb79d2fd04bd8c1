#pragma once

// Frozen baselines between the store and the live engine: rebuilding the
// engine's baselines after a start, and persisting a completed one.

#include "core/monitor.hpp"
#include "core/store.hpp"

namespace llmscope {

// Freezes every complete baseline of the store in `monitor`. A baseline
// stored on another scale than the series' current transform is
// recomputed from its time range (a changed transform is a change of the
// limits). Call before the warm-up, so the detectors run against it.
StoreResult<void> load_frozen_baselines(Store& store, Monitor& monitor);

// Restarts the collection of every "first N points" baseline still
// collecting (points seen before a restart are not kept). Call after the
// warm-up, so that old samples are not collected.
StoreResult<void> load_collecting_baselines(Store& store, Monitor& monitor);

// Writes the limits and time range of a completed "first N" baseline.
StoreResult<void> complete_baseline(Store& store, const BaselineCompleted& done);

// The limits of the successful samples of `series` in [from_ms, until_ms]
// on the scale of `transform`; not_found error with fewer than 2 points.
struct RangeLimits {
  spc::Limits limits;
  double lag1 = 0;
};
StoreResult<RangeLimits> range_limits(Store& store, const SeriesKey& series, Metric metric,
                                      spc::Transform transform, EpochMs from_ms, EpochMs until_ms);

}  // namespace llmscope
