// The dashboard's reads: chart columns, flags and the series list. They
// run on reader connections (store/read_pool.hpp), so a week-long chart
// neither waits for the writer nor holds up the other queries.
#include <algorithm>
#include <cmath>
#include <limits>

#include "store/sqlite.hpp"
#include "store/sqlite_store.hpp"

namespace llmscope::store {

template <typename T, typename F>
StoreResult<T> SqliteStore::read(F&& read) {
  if (!readers_) {
    std::lock_guard lock(mutex_);
    return read(db_);
  }
  auto lease = readers_->lease();
  if (!lease) return std::unexpected(StoreError{StoreError::Kind::io, lease.error()});
  return read(lease->get());
}

StoreResult<std::vector<ChartCache::Row>> SqliteStore::chart_rows(const ChartQuery& q) {
  return read<std::vector<ChartCache::Row>>(
      [&q](sqlite3* db) -> StoreResult<std::vector<ChartCache::Row>> {
        // Reads only the samples_chart index (migration 5), in its order.
        // With a limit it walks backwards from the newest and the result is
        // reversed: slower, so only then.
        const bool newest_first = q.limit != 0;
        const std::string sql =
            std::string(
                "SELECT id, ts_ms, success, latency_ms, ttft_ms, itl_ms, tokens_per_s FROM samples"
                " WHERE provider = ?1 AND model = ?2 AND ts_ms >= ?3 AND ts_ms <= ?4") +
            (newest_first ? " ORDER BY ts_ms DESC, id DESC" : " ORDER BY ts_ms, id") + " LIMIT ?5";
        Statement st(db, sql);
        if (!st.ok()) return std::unexpected(statement_error(st, "query chart samples"));
        st.bind(1, q.provider).bind(2, q.model);
        st.bind(3, q.since_ms.value_or(std::numeric_limits<std::int64_t>::min()));
        st.bind(4, q.until_ms.value_or(std::numeric_limits<std::int64_t>::max()));
        st.bind(5, q.limit == 0 ? std::int64_t{-1} : static_cast<std::int64_t>(q.limit));
        std::vector<ChartCache::Row> rows;
        const double none = std::numeric_limits<double>::quiet_NaN();
        while (st.step()) {
          ChartCache::Row r{st.int64(0), st.int64(1), st.int64(2) != 0, {}};
          for (int m = 0; m < 4; ++m)
            r.values[m] = r.success && !st.is_null(3 + m) ? st.real(3 + m) : none;
          rows.push_back(r);
        }
        if (st.failed()) return std::unexpected(statement_error(st, "query chart samples"));
        if (newest_first) std::reverse(rows.begin(), rows.end());
        return rows;
      });
}

void SqliteStore::forget_outside_changes() {
  // The writer holds the lock for a whole batch, and a chart must not wait
  // for it: then the check waits for the next chart.
  std::unique_lock lock(mutex_, std::try_to_lock);
  if (!lock.owns_lock()) return;
  Statement st(db_, "PRAGMA data_version");
  if (!st.step()) return;
  const std::int64_t version = st.int64(0);
  if (version != data_version_) chart_cache_.clear();
  data_version_ = version;
}

StoreResult<ChartColumns> SqliteStore::chart_columns(const ChartQuery& q) {
  forget_outside_changes();
  if (auto hit = chart_cache_.find(q)) return std::move(*hit);
  const SeriesKey series{q.provider, q.model};
  const auto gen = chart_cache_.generation(series);
  auto rows = chart_rows(q);
  if (!rows) return std::unexpected(rows.error());
  ChartColumns out = ChartCache::slice(*rows, q);
  // A window ending now is kept for the next chart of it.
  if (ChartCache::servable(q)) chart_cache_.keep(series, *q.since_ms, std::move(*rows), gen);
  return out;
}

StoreResult<std::vector<SampleFlags>> SqliteStore::flags(const std::vector<std::int64_t>& ids,
                                                         Metric metric) {
  if (ids.empty()) return std::vector<SampleFlags>{};
  return read<std::vector<SampleFlags>>([&](sqlite3* db) -> StoreResult<std::vector<SampleFlags>> {
    // The ids of one chart are a contiguous-ish range: fetch the range
    // once and keep the rows asked for.
    std::vector<std::int64_t> sorted;
    const bool in_order = std::is_sorted(ids.begin(), ids.end());
    if (!in_order) {
      sorted = ids;
      std::sort(sorted.begin(), sorted.end());
    }
    const auto& wanted = in_order ? ids : sorted;
    Statement st(db,
                 "SELECT sample_id, rules FROM sample_flags WHERE metric = ? AND "
                 "sample_id BETWEEN ? AND ? ORDER BY sample_id");
    st.bind(1, to_string(metric)).bind(2, wanted.front()).bind(3, wanted.back());
    std::vector<SampleFlags> out;
    while (st.step()) {
      const std::int64_t id = st.int64(0);
      if (std::binary_search(wanted.begin(), wanted.end(), id))
        out.push_back({id, metric, static_cast<spc::RuleMask>(st.int64(1))});
    }
    if (st.failed()) return std::unexpected(statement_error(st, "query flags"));
    return out;
  });
}

StoreResult<std::vector<SeriesInfo>> SqliteStore::series() {
  return read<std::vector<SeriesInfo>>([](sqlite3* db) -> StoreResult<std::vector<SeriesInfo>> {
    // Kept by triggers on samples (migration 5).
    Statement st(db,
                 "SELECT provider, model, samples, errors, last_ts_ms FROM series "
                 "ORDER BY provider, model");
    std::vector<SeriesInfo> out;
    while (st.step())
      out.push_back({st.text(0), st.text(1), st.int64(2), st.int64(3), st.int64(4)});
    if (st.failed()) return std::unexpected(statement_error(st, "list series"));
    return out;
  });
}

}  // namespace llmscope::store
