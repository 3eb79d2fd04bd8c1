#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <map>
#include <mutex>
#include <optional>
#include <vector>

#include "core/store.hpp"

namespace llmscope::store {

// The recent chart columns of the series being charted, all four metrics,
// so that a chart shown again (a reload, the live refresh after each new
// sample) reads only what arrived since instead of a week of rows.
//
// Kept exact by the store: committed samples are appended in time order;
// one arriving older than a series' newest cached sample drops that series
// (the next chart reads it afresh). A read made while samples of the
// series were committing is not kept (the generation check). Bounded by
// rows; the least recently used series go first. Assumes this process is
// the only writer of the database, as the live engine does anyway; the
// store clears it when SQLite reports a change by another connection.
class ChartCache {
 public:
  explicit ChartCache(std::size_t max_rows) : max_rows_(max_rows) {}

  // One sample in the columns' form.
  struct Row {
    std::int64_t id = 0;
    EpochMs ts = 0;
    bool success = false;
    double values[4] = {};  // latency_ms, ttft_ms, itl_ms, tokens_per_s; NaN = none
  };

  // Whether `q` is a window ending now (since_ms, no until_ms, no limit),
  // the only kind the cache serves.
  static bool servable(const ChartQuery& q) { return q.since_ms && !q.until_ms && q.limit == 0; }

  // The chart `q` asks for, if it is servable() and the cache holds its
  // series from q.since_ms or earlier.
  std::optional<ChartColumns> find(const ChartQuery& q);

  // A number to hand to keep(): changes whenever samples of the series
  // are committed or the series is dropped.
  std::uint64_t generation(const SeriesKey& series);

  // Keeps rows [since_ms, now] of a series read at generation `gen`
  // (rows ascending by time and id), unless the series changed meanwhile
  // or they would not fit.
  void keep(const SeriesKey& series, EpochMs since_ms, std::vector<Row> rows, std::uint64_t gen);

  // Committed samples, in commit order.
  void committed(const std::vector<std::pair<SeriesKey, Row>>& rows);

  std::size_t rows() const;

  // Forgets everything (another connection changed the database).
  void clear();

  // The part of `rows` (ascending) that `q` asks for: its time range,
  // then its newest `limit`, as columns of its metric.
  static ChartColumns slice(const std::vector<Row>& rows, const ChartQuery& q);

 private:
  struct Entry {
    EpochMs since_ms = 0;
    std::vector<Row> rows;
    std::list<SeriesKey>::iterator used;  // place in recent_
  };
  void drop(std::map<SeriesKey, Entry>::iterator it);

  std::size_t max_rows_;
  mutable std::mutex mutex_;
  std::map<SeriesKey, Entry> entries_;
  std::map<SeriesKey, std::uint64_t> generations_;
  std::list<SeriesKey> recent_;  // most recently used first
  std::size_t total_rows_ = 0;
};

// The index of a per-sample metric in ChartCache::Row::values, or -1
// (error_rate, which has no value).
int cached_metric_index(Metric metric);

}  // namespace llmscope::store
