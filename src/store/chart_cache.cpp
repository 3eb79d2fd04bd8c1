#include "store/chart_cache.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace llmscope::store {

int cached_metric_index(Metric metric) {
  switch (metric) {
    case Metric::latency_ms:
      return 0;
    case Metric::ttft_ms:
      return 1;
    case Metric::itl_ms:
      return 2;
    case Metric::tokens_per_s:
      return 3;
    case Metric::error_rate:
      return -1;
  }
  return -1;
}

namespace {

bool before(const ChartCache::Row& a, const ChartCache::Row& b) {
  return a.ts < b.ts || (a.ts == b.ts && a.id < b.id);
}

}  // namespace

std::optional<ChartColumns> ChartCache::find(const ChartQuery& q) {
  if (!servable(q)) return std::nullopt;
  std::lock_guard lock(mutex_);
  auto it = entries_.find({q.provider, q.model});
  if (it == entries_.end() || it->second.since_ms > *q.since_ms) return std::nullopt;
  recent_.splice(recent_.begin(), recent_, it->second.used);

  return slice(it->second.rows, q);
}

ChartColumns ChartCache::slice(const std::vector<Row>& rows, const ChartQuery& q) {
  auto first = rows.begin();
  if (q.since_ms)
    first = std::lower_bound(rows.begin(), rows.end(), *q.since_ms,
                             [](const Row& r, EpochMs t) { return r.ts < t; });
  auto last = q.until_ms ? std::upper_bound(first, rows.end(), *q.until_ms,
                                            [](EpochMs t, const Row& r) { return t < r.ts; })
                         : rows.end();
  if (q.limit != 0 && static_cast<std::size_t>(last - first) > q.limit) first = last - q.limit;

  const int metric = cached_metric_index(q.metric);
  const double none = std::numeric_limits<double>::quiet_NaN();
  ChartColumns out;
  const auto n = static_cast<std::size_t>(last - first);
  out.ids.reserve(n);
  out.timestamps_ms.reserve(n);
  out.success.reserve(n);
  out.values.reserve(n);
  for (auto r = first; r != last; ++r) {
    out.ids.push_back(r->id);
    out.timestamps_ms.push_back(r->ts);
    out.success.push_back(r->success ? 1 : 0);
    out.values.push_back(metric < 0 ? none : r->values[metric]);
  }
  return out;
}

std::uint64_t ChartCache::generation(const SeriesKey& series) {
  std::lock_guard lock(mutex_);
  return generations_[series];
}

void ChartCache::keep(const SeriesKey& series, EpochMs since_ms, std::vector<Row> rows,
                      std::uint64_t gen) {
  std::lock_guard lock(mutex_);
  if (generations_[series] != gen || rows.size() > max_rows_) return;
  if (auto it = entries_.find(series); it != entries_.end()) drop(it);
  while (total_rows_ + rows.size() > max_rows_ && !recent_.empty())
    drop(entries_.find(recent_.back()));
  rows.shrink_to_fit();  // the read grew it by doubling
  auto [it, inserted] = entries_.try_emplace(series, Entry{since_ms, {}, recent_.end()});
  try {
    recent_.push_front(series);
  } catch (...) {
    entries_.erase(it);
    throw;
  }
  it->second.rows = std::move(rows);
  it->second.used = recent_.begin();
  total_rows_ += it->second.rows.size();
}

void ChartCache::clear() {
  std::lock_guard lock(mutex_);
  while (!recent_.empty()) drop(entries_.find(recent_.back()));
}

void ChartCache::committed(const std::vector<std::pair<SeriesKey, Row>>& rows) {
  std::lock_guard lock(mutex_);
  for (const auto& [series, row] : rows) {
    ++generations_[series];
    auto it = entries_.find(series);
    if (it == entries_.end()) continue;
    auto& cached = it->second.rows;
    if (row.ts < it->second.since_ms) continue;  // before the cached span: not shown
    if (!cached.empty() && !before(cached.back(), row)) {
      drop(it);  // out of order: read afresh next time
      continue;
    }
    cached.push_back(row);
    ++total_rows_;
  }
  while (total_rows_ > max_rows_ && !recent_.empty()) drop(entries_.find(recent_.back()));
}

std::size_t ChartCache::rows() const {
  std::lock_guard lock(mutex_);
  return total_rows_;
}

void ChartCache::drop(std::map<SeriesKey, Entry>::iterator it) {
  total_rows_ -= it->second.rows.size();
  recent_.erase(it->second.used);
  ++generations_[it->first];
  entries_.erase(it);
}

}  // namespace llmscope::store
