// The pipeline against a real SQLite file: one transaction per ingest, all
// or nothing, and the engine restored after a restart.
#include "core/pipeline.hpp"

#include <gtest/gtest.h>

#include <condition_variable>
#include <future>
#include <mutex>

#include "store/sqlite_store.hpp"
#include "temp_dir.hpp"

namespace llmscope {
namespace {

constexpr EpochMs kStart = 1796396400000;

Sample at(EpochMs t, double ms) {
  Sample s;
  s.provider = "openai";
  s.model = "gpt";
  s.timestamp_ms = t;
  s.latency_ms = ms;
  return s;
}

std::vector<Sample> steady(int n, EpochMs& t) {
  std::vector<Sample> out;
  for (int i = 0; i < n; ++i, t += 2000) out.push_back(at(t, 200 + (i % 4)));
  return out;
}

class PipelineTest : public ::testing::Test {
 protected:
  void SetUp() override { open(); }
  void open() {
    pipeline_.reset();
    store_.reset();
    store_ = std::move(*store::SqliteStore::open(dir_.file("db/llmscope.db")));
    pipeline_ = std::make_unique<Pipeline>(*store_, MonitorSettings{});
  }
  std::int64_t stored() { return store_->summary()->records; }

  testing::TempDir dir_;
  std::unique_ptr<store::SqliteStore> store_;
  std::unique_ptr<Pipeline> pipeline_;
};

TEST_F(PipelineTest, StoresSamplesFlagsAndOpensAViolation) {
  EpochMs t = kStart;
  ASSERT_TRUE(pipeline_->ingest(steady(30, t)));
  auto r = pipeline_->ingest({at(t, 900)});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->violations_opened, 1);
  EXPECT_EQ(r->violations_detected, 1);
  EXPECT_EQ(stored(), 31);

  auto flags = store_->flags(r->ids, Metric::latency_ms);
  ASSERT_EQ(flags->size(), 1u);
  EXPECT_EQ((*flags)[0].rules & 1u, 1u);
  auto v = store_->violations({});
  ASSERT_EQ(v->size(), 1u);
  EXPECT_EQ((*v)[0].sample_id, r->ids[0]);
  EXPECT_EQ((*v)[0].state, Violation::State::open);
}

TEST_F(PipelineTest, AFailedTransactionStoresNothingAndLeavesTheEngineAsItWas) {
  EpochMs t = kStart;
  ASSERT_TRUE(pipeline_->ingest(steady(30, t)));
  auto before = *pipeline_->current_limits({"openai", "gpt"}, Metric::latency_ms);

  // Make the violations table unwritable: the spike's insert fails.
  ASSERT_TRUE(store_->transaction([&]() -> StoreResult<void> { return {}; }));
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(dir_.file("db/llmscope.db").c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(raw,
                         "CREATE TRIGGER no_violations BEFORE INSERT ON violations "
                         "BEGIN SELECT RAISE(ABORT, 'disk says no'); END;",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(raw);

  auto r = pipeline_->ingest({at(t, 150), at(t + 2000, 5000)});
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("disk says no"), std::string::npos);
  EXPECT_EQ(stored(), 30);
  auto after = *pipeline_->current_limits({"openai", "gpt"}, Metric::latency_ms);
  EXPECT_EQ(after.n, before.n);
  EXPECT_DOUBLE_EQ(after.center, before.center);
}

TEST_F(PipelineTest, RestartRestoresBaselineAndOpenEpisode) {
  EpochMs t = kStart;
  ASSERT_TRUE(pipeline_->ingest(steady(30, t)));
  ASSERT_TRUE(pipeline_->ingest({at(t, 900)}));
  t += 2000;
  auto limits = *pipeline_->current_limits({"openai", "gpt"}, Metric::latency_ms);

  open();  // a new process on the same file
  ASSERT_TRUE(pipeline_->restore(t));
  auto restored = *pipeline_->current_limits({"openai", "gpt"}, Metric::latency_ms);
  EXPECT_EQ(restored.n, limits.n);
  EXPECT_NEAR(restored.center, limits.center, 1e-9);

  // The spike goes on: the open episode is extended, not opened again.
  auto r = pipeline_->ingest({at(t, 950)});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->violations_opened, 0);
  auto v = store_->violations({});
  ASSERT_EQ(v->size(), 1u);
  EXPECT_EQ((*v)[0].points, 2);
}

TEST_F(PipelineTest, EpisodeChangesDoNotOverwriteTheWorkflow) {
  EpochMs t = kStart;
  ASSERT_TRUE(pipeline_->ingest(steady(30, t)));
  ASSERT_TRUE(pipeline_->ingest({at(t, 900)}));
  t += 2000;
  Violation v = (*store_->violations({}))[0];
  v.acknowledged_at_ms = t;
  v.acknowledged_by = "ana";
  ASSERT_TRUE(store_->update_workflow(v));

  ASSERT_TRUE(pipeline_->ingest({at(t, 950)}));  // extends the episode
  auto after = *store_->violation(v.id);
  EXPECT_EQ(after->points, 2);
  EXPECT_EQ(after->acknowledged_by, "ana");
}

}  // namespace
}  // namespace llmscope

namespace llmscope {
namespace {

// A chart asks for the engine's state while a batch is being stored: it
// gets the state published after the previous ingest at once, and the new
// one after the batch.
TEST_F(PipelineTest, ChartStateDoesNotWaitForAnIngestInProgress) {
  EpochMs t = kStart;
  ASSERT_TRUE(pipeline_->ingest(steady(30, t)));
  const SeriesKey series{"openai", "gpt"};
  const auto before = pipeline_->chart_state(series, Metric::latency_ms);
  ASSERT_TRUE(before.baseline.limits);
  EXPECT_EQ(before.baseline.limits->n, 30u);

  // The next ingest opens an episode; the hook holds it inside its
  // transaction until the test lets it go.
  std::mutex m;
  std::condition_variable cv;
  bool inside = false, release = false;
  pipeline_->on_episode_change([&](const EpisodeChange&) -> StoreResult<void> {
    std::unique_lock lock(m);
    inside = true;
    cv.notify_all();
    cv.wait(lock, [&] { return release; });
    return {};
  });
  auto ingest = std::async(std::launch::async, [&] { return pipeline_->ingest({at(t, 900)}); });
  {
    std::unique_lock lock(m);
    ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(30), [&] { return inside; }));
  }
  auto during = std::async(std::launch::async,
                           [&] { return pipeline_->chart_state(series, Metric::latency_ms); });
  const bool answered = during.wait_for(std::chrono::seconds(30)) == std::future_status::ready;
  {
    std::lock_guard lock(m);
    release = true;
  }
  cv.notify_all();
  ASSERT_TRUE(answered) << "chart_state waited for the ingest";
  EXPECT_EQ(during.get().baseline.limits->n, 30u);  // the state before the batch
  ASSERT_TRUE(ingest.get());
  EXPECT_EQ(pipeline_->chart_state(series, Metric::latency_ms).baseline.limits->n, 31u);
}

}  // namespace
}  // namespace llmscope
