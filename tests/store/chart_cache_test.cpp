// The chart cache must answer exactly what the database holds, whatever
// arrives: batches committed or rolled back, samples out of time order,
// failures, several series. Every answer is checked against a direct
// SQLite query on the same file.
#include "store/chart_cache.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cmath>
#include <random>

#include "store/sqlite_store.hpp"
#include "temp_dir.hpp"

namespace llmscope::store {
namespace {

constexpr EpochMs kStart = 1'796'000'000'000;

// The chart of one series and metric as SQLite itself answers it.
ChartColumns direct(const std::string& path, const ChartQuery& q) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  const std::string column =
      q.metric == Metric::error_rate ? "NULL" : std::string(to_string(q.metric));
  const std::string sql = "SELECT id, ts_ms, success, " + column +
                          " FROM samples WHERE provider = ? AND model = ? AND ts_ms >= ? ORDER BY "
                          "ts_ms, id";
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr);
  sqlite3_bind_text(st, 1, q.provider.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 2, q.model.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(st, 3, *q.since_ms);
  ChartColumns out;
  while (sqlite3_step(st) == SQLITE_ROW) {
    const bool ok = sqlite3_column_int64(st, 2) != 0;
    out.ids.push_back(sqlite3_column_int64(st, 0));
    out.timestamps_ms.push_back(sqlite3_column_int64(st, 1));
    out.success.push_back(ok ? 1 : 0);
    out.values.push_back(ok && sqlite3_column_type(st, 3) != SQLITE_NULL
                             ? sqlite3_column_double(st, 3)
                             : std::nan(""));
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

void expect_same(const ChartColumns& got, const ChartColumns& want, const std::string& what) {
  ASSERT_EQ(got.ids, want.ids) << what;
  EXPECT_EQ(got.timestamps_ms, want.timestamps_ms) << what;
  EXPECT_EQ(got.success, want.success) << what;
  ASSERT_EQ(got.values.size(), want.values.size()) << what;
  for (std::size_t i = 0; i < got.values.size(); ++i) {
    if (std::isnan(want.values[i]))
      EXPECT_TRUE(std::isnan(got.values[i])) << what << " at " << i;
    else
      EXPECT_EQ(got.values[i], want.values[i]) << what << " at " << i;
  }
}

TEST(ChartCache, AnswersExactlyWhatTheDatabaseHoldsWhateverArrives) {
  testing::TempDir dir;
  const std::string path = dir.file("db");
  auto store = std::move(*SqliteStore::open(path));
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> ms(100, 900);
  EpochMs clock = kStart;

  auto sample = [&](const std::string& model, EpochMs t) {
    Sample s;
    s.provider = "p";
    s.model = model;
    s.timestamp_ms = t;
    s.success = rng() % 13 != 0;
    if (s.success) {
      s.latency_ms = ms(rng);
      if (rng() % 3) s.ttft_ms = *s.latency_ms / 3;
    } else {
      s.error_kind = ErrorKind::timeout_total;
    }
    return s;
  };

  std::size_t served_from_cache = 0;
  for (int step = 0; step < 60; ++step) {
    // A batch: mostly new samples, sometimes one from the past, sometimes
    // abandoned, spread over two series.
    const bool abandon = step % 7 == 3;
    auto r = store->transaction([&]() -> StoreResult<void> {
      for (int i = 0; i < 25; ++i) {
        clock += 1000;
        EpochMs t = clock;
        if (step % 5 == 2 && i == 10) t = clock - 40'000;  // late arrival
        if (step % 11 == 6 && i == 3) t = clock - 1000;    // same time as the one before
        auto id = store->insert_sample(sample(i % 4 == 0 ? "b" : "a", t));
        if (!id) return std::unexpected(id.error());
      }
      if (abandon) return std::unexpected(StoreError{StoreError::Kind::io, "abandoned"});
      return {};
    });
    ASSERT_EQ(static_cast<bool>(r), !abandon) << step;
    // Now and then one sample outside any transaction.
    if (step % 4 == 1) {
      ASSERT_TRUE(store->insert_sample(sample("a", clock += 1000)));
    }

    for (const std::string model : {"a", "b"}) {
      for (Metric metric : {Metric::latency_ms, Metric::ttft_ms, Metric::error_rate}) {
        ChartQuery q;
        q.provider = "p";
        q.model = model;
        q.metric = metric;
        q.since_ms = kStart + 20'000 * (step % 3);  // windows that start at different times
        const bool warm = store->chart_cache_rows() > 0;
        auto got = store->chart_columns(q);
        ASSERT_TRUE(got) << got.error().message;
        expect_same(*got, direct(path, q),
                    "step " + std::to_string(step) + " model " + model + " metric " +
                        std::string(to_string(metric)));
        if (warm) ++served_from_cache;
      }
    }
  }
  EXPECT_GT(store->chart_cache_rows(), 0u);
  EXPECT_GT(served_from_cache, 100u);
}

// Another connection (a second process, a hand edit with sqlite3) changes
// the samples: the next chart reads them afresh. And a range in the past or
// a newest-N query is never answered from the cache.
TEST(ChartCache, ChangesByAnotherConnectionAreSeen) {
  testing::TempDir dir;
  const std::string path = dir.file("db");
  auto store = std::move(*SqliteStore::open(path));
  for (int i = 0; i < 10; ++i) {
    Sample s;
    s.provider = "p";
    s.model = "m";
    s.timestamp_ms = kStart + i * 1000;
    s.latency_ms = 100 + i;
    ASSERT_TRUE(store->insert_sample(s));
  }
  ChartQuery q{"p", "m", Metric::latency_ms, kStart, std::nullopt, 0};
  ASSERT_EQ(store->chart_columns(q)->size(), 10u);
  ASSERT_GT(store->chart_cache_rows(), 0u);

  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         "DELETE FROM samples WHERE ts_ms = 1796000009000;"
                         "UPDATE samples SET latency_ms = 5 WHERE ts_ms = 1796000008000;",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);

  expect_same(*store->chart_columns(q), direct(path, q), "after a hand edit");
  EXPECT_EQ(store->chart_columns(q)->values.back(), 5);
  auto ranged = q;
  ranged.until_ms = kStart + 100'000;
  expect_same(*store->chart_columns(ranged), direct(path, q), "with until");
  auto newest = q;
  newest.limit = 1000;
  expect_same(*store->chart_columns(newest), direct(path, q), "with a limit");
}

TEST(ChartCache, KeepsWithinItsBoundDroppingTheLeastRecentlyUsedSeries) {
  ChartCache cache(100);
  auto rows = [](int n) {
    std::vector<ChartCache::Row> out;
    for (int i = 0; i < n; ++i) out.push_back({i + 1, kStart + i, true, {1, 2, 3, 4}});
    return out;
  };
  const SeriesKey a{"p", "a"}, b{"p", "b"}, c{"p", "c"};
  cache.keep(a, kStart, rows(40), cache.generation(a));
  cache.keep(b, kStart, rows(40), cache.generation(b));
  ChartQuery qa{"p", "a", Metric::latency_ms, kStart, std::nullopt, 0};
  ASSERT_TRUE(cache.find(qa));  // a is now the most recently used
  auto past = qa;
  past.until_ms = kStart + 10;
  EXPECT_FALSE(cache.find(past));  // only windows ending now
  auto newest = qa;
  newest.limit = 5;
  EXPECT_FALSE(cache.find(newest));
  cache.keep(c, kStart, rows(40), cache.generation(c));
  EXPECT_EQ(cache.rows(), 80u);
  EXPECT_TRUE(cache.find(qa));
  EXPECT_FALSE(cache.find({"p", "b", Metric::latency_ms, kStart, std::nullopt, 0}));
  // Too large for the cache on its own: not kept.
  cache.keep(b, kStart, rows(101), cache.generation(b));
  EXPECT_FALSE(cache.find({"p", "b", Metric::latency_ms, kStart, std::nullopt, 0}));
  // A read that raced a commit of its series is not kept.
  const auto before = cache.generation(b);
  cache.committed({{b, ChartCache::Row{500, kStart + 500, true, {}}}});
  cache.keep(b, kStart, rows(10), before);
  EXPECT_FALSE(cache.find({"p", "b", Metric::latency_ms, kStart, std::nullopt, 0}));
  // Asking from before the cached start is a miss, not a partial answer.
  EXPECT_FALSE(cache.find({"p", "a", Metric::latency_ms, kStart - 1, std::nullopt, 0}));
  cache.clear();
  EXPECT_EQ(cache.rows(), 0u);
  EXPECT_FALSE(cache.find(qa));
}

}  // namespace
}  // namespace llmscope::store
