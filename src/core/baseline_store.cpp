#include "core/baseline_store.hpp"

#include <cmath>

namespace llmscope {

StoreResult<RangeLimits> range_limits(Store& store, const SeriesKey& series, Metric metric,
                                      spc::Transform transform, EpochMs from_ms, EpochMs until_ms) {
  SampleQuery q;
  q.provider = series.provider;
  q.model = series.model;
  q.since_ms = from_ms;
  q.until_ms = until_ms;
  q.only_successful = true;
  auto samples = store.samples(q);
  if (!samples) return std::unexpected(samples.error());
  const auto values = baseline_values(*samples, metric, transform);
  auto limits = spc::individuals_limits(values);
  if (!limits)
    return std::unexpected(StoreError{StoreError::Kind::not_found,
                                      "only " + std::to_string(values.size()) + " usable " +
                                          std::string(to_string(metric)) + " value(s) of " +
                                          series.provider + "/" + series.model +
                                          " in the range; at least 2 are needed"});
  return RangeLimits{*limits, spc::lag1_autocorrelation(values)};
}

StoreResult<void> load_frozen_baselines(Store& store, Monitor& monitor) {
  auto all = store.baselines();
  if (!all) return std::unexpected(all.error());
  for (Baseline& b : *all) {
    if (!b.limits) continue;
    const auto transform = monitor.settings().transform_of(b.series(), b.metric);
    if (b.transform != transform && b.from_ms && b.until_ms) {
      auto r = range_limits(store, b.series(), b.metric, transform, *b.from_ms, *b.until_ms);
      if (!r) continue;  // the samples are gone: the series stays rolling
      b.limits = r->limits;
      b.lag1 = r->lag1;
    } else if (b.transform != transform) {
      continue;
    }
    monitor.freeze(b.series(), b.metric, b.id, *b.limits, b.lag1.value_or(std::nan("")));
  }
  return {};
}

StoreResult<void> load_collecting_baselines(Store& store, Monitor& monitor) {
  auto all = store.baselines();
  if (!all) return std::unexpected(all.error());
  for (const Baseline& b : *all)
    if (!b.limits && b.first_n)
      monitor.collect(b.series(), b.metric, b.id, static_cast<std::size_t>(*b.first_n));
  return {};
}

StoreResult<void> complete_baseline(Store& store, const BaselineCompleted& done) {
  auto all = store.baselines();
  if (!all) return std::unexpected(all.error());
  for (Baseline b : *all) {
    if (b.id != done.id) continue;
    b.limits = done.limits;
    b.lag1 = done.lag1;
    b.from_ms = done.first_ms;
    b.until_ms = done.last_ms;
    return store.update_baseline(b);
  }
  return {};  // deleted meanwhile: nothing to complete
}

}  // namespace llmscope
