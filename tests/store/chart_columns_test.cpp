// The chart read (chart_columns) and the series list kept by triggers
// (migration 5), on a real SQLite file.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cmath>
#include <filesystem>

#include "store/schema.hpp"
#include "store/sqlite_store.hpp"
#include "temp_dir.hpp"

namespace llmscope::store {
namespace {

Sample sample(EpochMs t, std::optional<double> ms, std::string model = "m", bool ok = true) {
  Sample s;
  s.provider = "ollama";
  s.model = std::move(model);
  s.timestamp_ms = t;
  s.latency_ms = ms;
  s.ttft_ms = ms ? std::optional(*ms / 10) : std::nullopt;
  s.success = ok;
  if (!ok) s.error_kind = ErrorKind::timeout_total;
  return s;
}

ChartQuery query(Metric metric) {
  ChartQuery q;
  q.provider = "ollama";
  q.model = "m";
  q.metric = metric;
  return q;
}

TEST(ChartColumns, OneEntryPerSampleOldestFirstWithNaNForNoValue) {
  testing::TempDir dir;
  auto store = std::move(*SqliteStore::open(dir.file("db")));
  ASSERT_TRUE(store->insert_sample(sample(1003, 30)));
  ASSERT_TRUE(store->insert_sample(sample(1001, 10)));  // arrives late
  ASSERT_TRUE(store->insert_sample(sample(1002, 20, "m", false)));
  ASSERT_TRUE(store->insert_sample(sample(1004, std::nullopt)));
  ASSERT_TRUE(store->insert_sample(sample(1002, 99, "other")));

  auto c = store->chart_columns(query(Metric::latency_ms));
  ASSERT_TRUE(c) << c.error().message;
  ASSERT_EQ(c->size(), 4u);
  EXPECT_EQ(c->timestamps_ms, (std::vector<EpochMs>{1001, 1002, 1003, 1004}));
  EXPECT_EQ(c->ids, (std::vector<std::int64_t>{2, 3, 1, 4}));
  EXPECT_EQ(c->success, (std::vector<std::uint8_t>{1, 0, 1, 1}));
  EXPECT_EQ(c->values[0], 10);
  EXPECT_TRUE(std::isnan(c->values[1]));  // failed: never a latency point
  EXPECT_EQ(c->values[2], 30);
  EXPECT_TRUE(std::isnan(c->values[3]));  // no value

  auto ttft = store->chart_columns(query(Metric::ttft_ms));
  EXPECT_EQ(ttft->values[2], 3);
  auto rate = store->chart_columns(query(Metric::error_rate));
  ASSERT_EQ(rate->size(), 4u);
  for (double v : rate->values) EXPECT_TRUE(std::isnan(v));
}

TEST(ChartColumns, TimeRangeIsInclusiveAndLimitKeepsTheNewest) {
  testing::TempDir dir;
  auto store = std::move(*SqliteStore::open(dir.file("db")));
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(store->insert_sample(sample(1000 + i, i)));
  auto q = query(Metric::latency_ms);
  q.since_ms = 1002;
  q.until_ms = 1007;
  EXPECT_EQ(store->chart_columns(q)->timestamps_ms,
            (std::vector<EpochMs>{1002, 1003, 1004, 1005, 1006, 1007}));
  q.limit = 2;
  EXPECT_EQ(store->chart_columns(q)->values, (std::vector<double>{6, 7}));
  q.provider = "nobody";
  EXPECT_EQ(store->chart_columns(q)->size(), 0u);
}

// The chart read must not visit the samples table: one row of it is
// forty columns, and a week of 2 s samples is 302,400 rows.
TEST(ChartColumns, ReadsOnlyTheChartIndex) {
  testing::TempDir dir;
  const std::string path = dir.file("db");
  ASSERT_TRUE(SqliteStore::open(path));
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  for (const char* order : {"ts_ms, id", "ts_ms DESC, id DESC"}) {
    const std::string sql =
        std::string(
            "EXPLAIN QUERY PLAN SELECT id, ts_ms, success, ttft_ms FROM samples WHERE "
            "provider = 'p' AND model = 'm' AND ts_ms >= 1 AND ts_ms <= 2 ORDER BY ") +
        order + " LIMIT 5";
    std::string plan;
    auto collect = [](void* out, int n, char** values, char**) {
      for (int i = 0; i < n; ++i)
        if (values[i]) *static_cast<std::string*>(out) += std::string(values[i]) + "\n";
      return 0;
    };
    ASSERT_EQ(sqlite3_exec(db, sql.c_str(), collect, &plan, nullptr), SQLITE_OK);
    EXPECT_NE(plan.find("COVERING INDEX samples_chart"), std::string::npos) << plan;
    EXPECT_EQ(plan.find("TEMP B-TREE"), std::string::npos) << plan;
  }
  sqlite3_close(db);
}

// A clean close leaves one self-contained file: copying llmscope.db alone
// must copy every sample, even after the reader connections were used.
TEST(ChartColumns, ClosingWritesTheLogBackAfterReadersWereUsed) {
  testing::TempDir dir;
  const std::string path = dir.file("db");
  {
    auto store = std::move(*SqliteStore::open(path));
    for (int i = 0; i < 50; ++i) ASSERT_TRUE(store->insert_sample(sample(1000 + i, i)));
    auto q = query(Metric::latency_ms);
    q.since_ms = 0;
    ASSERT_EQ(store->chart_columns(q)->size(), 50u);  // opens a reader
    ASSERT_EQ(store->series()->size(), 1u);
    EXPECT_TRUE(std::filesystem::exists(path + "-wal"));
  }
  EXPECT_FALSE(std::filesystem::exists(path + "-wal"));
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "SELECT count(*) FROM samples", -1, &st, nullptr);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int64(st, 0), 50);
  sqlite3_finalize(st);
  sqlite3_close(db);
}

TEST(SeriesList, CountsSamplesErrorsAndNewestTimeAsSamplesArrive) {
  testing::TempDir dir;
  auto store = std::move(*SqliteStore::open(dir.file("db")));
  EXPECT_TRUE(store->series()->empty());
  ASSERT_TRUE(store->insert_sample(sample(2000, 5)));
  ASSERT_TRUE(store->insert_sample(sample(1000, 5)));  // older: newest stays 2000
  ASSERT_TRUE(store->insert_sample(sample(1500, 5, "m", false)));
  ASSERT_TRUE(store->insert_sample(sample(900, 5, "a")));

  auto all = *store->series();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].model, "a");  // by provider, then model
  EXPECT_EQ(all[1].model, "m");
  EXPECT_EQ(all[1].samples, 3);
  EXPECT_EQ(all[1].errors, 1);
  EXPECT_EQ(all[1].last_timestamp_ms, 2000);

  // A rolled-back insert leaves the counts as they were.
  auto failed = store->transaction([&]() -> StoreResult<void> {
    if (auto r = store->insert_sample(sample(3000, 5)); !r) return std::unexpected(r.error());
    return std::unexpected(StoreError{StoreError::Kind::io, "abandoned"});
  });
  ASSERT_FALSE(failed);
  EXPECT_EQ((*store->series())[1].samples, 3);
  EXPECT_EQ((*store->series())[1].last_timestamp_ms, 2000);
}

TEST(SeriesList, VersionFourDatabaseGetsItsSeriesCounted) {
  testing::TempDir dir;
  std::string path = dir.file("old.db");
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  std::string v4 = "BEGIN;";
  for (int i = 0; i < 4; ++i) v4 += std::string(migrations()[i]);
  v4 +=
      "INSERT INTO samples (ts_ms, provider, model, latency_ms, success, error_kind) VALUES"
      " (10, 'ollama', 'm', 5.0, 1, 'none'), (30, 'ollama', 'm', NULL, 0, 'timeout_total'),"
      " (20, 'ollama', 'm', 6.0, 1, 'none'), (5, 'openai', 'x', 1.0, 1, 'none');"
      "PRAGMA user_version=4; COMMIT;";
  ASSERT_EQ(sqlite3_exec(db, v4.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);

  auto store = SqliteStore::open(path);
  ASSERT_TRUE(store) << store.error().message;
  EXPECT_EQ((*store)->schema_version(), static_cast<int>(migrations().size()));
  auto all = *(*store)->series();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].samples, 3);
  EXPECT_EQ(all[0].errors, 1);
  EXPECT_EQ(all[0].last_timestamp_ms, 30);
  EXPECT_EQ(all[1].provider, "openai");
  EXPECT_EQ(all[1].samples, 1);
  // ... and keeps counting afterwards.
  ASSERT_TRUE((*store)->insert_sample(sample(40, 7)));
  EXPECT_EQ((*(*store)->series())[0].samples, 4);
}

}  // namespace
}  // namespace llmscope::store
