// Frozen baselines through the pipeline and SQLite: a "first N" baseline
// completes inside the ingest transaction, survives a restart, and a
// change of settings rebuilds the engine on the stored history.
#include <gtest/gtest.h>

#include <cmath>

#include "core/baseline_store.hpp"
#include "core/pipeline.hpp"
#include "store/sqlite_store.hpp"
#include "temp_dir.hpp"

namespace llmscope {
namespace {

constexpr EpochMs kStart = 1796396400000;
const SeriesKey kSeries{"openai", "gpt"};

Sample at(EpochMs t, double ms) {
  Sample s;
  s.provider = kSeries.provider;
  s.model = kSeries.model;
  s.timestamp_ms = t;
  s.latency_ms = ms;
  return s;
}

class PipelineBaselinesTest : public ::testing::Test {
 protected:
  void SetUp() override { open(MonitorSettings{}); }
  void open(MonitorSettings settings) {
    pipeline_.reset();
    store_.reset();
    store_ = std::move(*store::SqliteStore::open(dir_.file("db/llmscope.db")));
    pipeline_ = std::make_unique<Pipeline>(*store_, settings);
  }
  void ingest(const std::vector<double>& xs) {
    std::vector<Sample> batch;
    for (double x : xs) batch.push_back(at(t_ += 2000, x));
    ASSERT_TRUE(pipeline_->ingest(batch));
  }
  BaselineState state() {
    return pipeline_->with_monitor(
        [](Monitor& m) { return m.baseline_state(kSeries, Metric::latency_ms); });
  }

  testing::TempDir dir_;
  std::unique_ptr<store::SqliteStore> store_;
  std::unique_ptr<Pipeline> pipeline_;
  EpochMs t_ = kStart;
};

TEST_F(PipelineBaselinesTest, FirstNCompletesInTheIngestAndSurvivesARestart) {
  ingest(std::vector<double>(25, 200.0));
  Baseline b;
  b.provider = kSeries.provider;
  b.model = kSeries.model;
  b.first_n = 4;
  auto id = store_->insert_baseline(b);
  ASSERT_TRUE(id);
  pipeline_->change_monitor(kSeries, [&](Monitor& m) {
    m.collect(kSeries, Metric::latency_ms, *id, 4);
    return 0;
  });

  ingest({300, 302, 301, 303});
  auto stored = store_->baselines();
  ASSERT_TRUE(stored);
  ASSERT_EQ(stored->size(), 1u);
  ASSERT_TRUE((*stored)[0].limits);
  EXPECT_DOUBLE_EQ((*stored)[0].limits->center, 301.5);
  EXPECT_EQ((*stored)[0].until_ms, t_);

  open(MonitorSettings{});
  ASSERT_TRUE(pipeline_->restore(t_ + 1000));
  EXPECT_EQ(state().frozen_id, *id);
  EXPECT_DOUBLE_EQ(state().limits->center, 301.5);
}

TEST_F(PipelineBaselinesTest, ReconfigureRebuildsOnTheLogScaleAndRecomputesFrozenLimits) {
  ingest({100, 1000, 100, 1000, 100, 1000});
  auto r = range_limits(*store_, kSeries, Metric::latency_ms, spc::Transform::none, kStart, t_);
  ASSERT_TRUE(r);
  Baseline b;
  b.provider = kSeries.provider;
  b.model = kSeries.model;
  b.from_ms = kStart;
  b.until_ms = t_;
  b.limits = r->limits;
  auto id = store_->insert_baseline(b);
  ASSERT_TRUE(id);
  ASSERT_TRUE(pipeline_->restore(t_));
  EXPECT_DOUBLE_EQ(state().limits->center, 550.0);

  MonitorSettings log;
  log.transforms[Metric::latency_ms] = spc::Transform::log;
  ASSERT_TRUE(pipeline_->reconfigure(log, t_));
  EXPECT_EQ(state().transform, spc::Transform::log);
  EXPECT_EQ(state().frozen_id, *id);
  EXPECT_NEAR(state().limits->center, std::log(std::sqrt(1e5)), 1e-12);
}

TEST_F(PipelineBaselinesTest, RangeWithTooFewPointsIsNotFound) {
  ingest({100});
  auto r = range_limits(*store_, kSeries, Metric::latency_ms, spc::Transform::none, kStart, t_);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, StoreError::Kind::not_found);
}

TEST_F(PipelineBaselinesTest, StoreReplacesUpdatesAndDeletes) {
  Baseline b;
  b.provider = kSeries.provider;
  b.model = kSeries.model;
  b.first_n = 10;
  auto first = store_->insert_baseline(b);
  auto second = store_->insert_baseline(b);  // same series and metric: replaces
  ASSERT_TRUE(first && second);
  auto all = store_->baselines();
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ((*all)[0].id, *second);
  EXPECT_FALSE((*all)[0].limits);

  Baseline done = (*all)[0];
  done.limits = spc::limits_from(5.0, 1.128, 10);
  done.lag1 = 0.25;
  done.transform = spc::Transform::log;
  ASSERT_TRUE(store_->update_baseline(done));
  all = store_->baselines();
  EXPECT_DOUBLE_EQ((*all)[0].limits->sigma, 1.0);
  EXPECT_EQ((*all)[0].limits->n, 10u);
  EXPECT_EQ((*all)[0].lag1, 0.25);
  EXPECT_EQ((*all)[0].transform, spc::Transform::log);

  EXPECT_EQ(store_->delete_baseline(*second), true);
  EXPECT_EQ(store_->delete_baseline(*second), false);
  done.id = 999;
  EXPECT_FALSE(store_->update_baseline(done));
}

}  // namespace
}  // namespace llmscope
