#include "store/schema.hpp"
#include "store/sqlite_store.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include "temp_dir.hpp"

namespace llmscope::store {
namespace {

Sample sample(EpochMs t, double ms, std::string model = "m") {
  Sample s;
  s.provider = "ollama";
  s.model = std::move(model);
  s.timestamp_ms = t;
  s.latency_ms = ms;
  return s;
}

TEST(SqliteStore, CreatesFolderUsesWalAndMigrates) {
  testing::TempDir dir;
  auto store = SqliteStore::open(dir.file("a/b/llmscope.db"));
  ASSERT_TRUE(store) << store.error().message;
  EXPECT_EQ((*store)->schema_version(), static_cast<int>(migrations().size()));
  EXPECT_TRUE(std::filesystem::exists(dir.file("a/b/llmscope.db-wal")));
}

TEST(SqliteStore, RoundTripsEveryFieldOfASample) {
  testing::TempDir dir;
  auto store = std::move(*SqliteStore::open(dir.file("db")));
  Sample s = sample(1796396400123, 812.4);
  s.ttft_ms = 143;
  s.itl_ms = 21.7;
  s.tokens_per_s = 38.2;
  s.output_tokens = 31;
  s.input_tokens = 12;
  s.http_status = 200;
  s.total_duration_ms = 790.1;
  s.load_duration_ms = 2.3;
  s.prompt_eval_duration_ms = 120.5;
  s.eval_duration_ms = 650;
  s.prompt_eval_count = 12;
  s.eval_count = 31;
  s.cpu_percent = 21.5;
  s.memory_percent = 40.2;
  s.gpu_percent = 0;
  s.gpu_memory_percent = 0;
  s.prompt_hash = "a1b2";
  auto id = store->insert_sample(s);
  ASSERT_TRUE(id);
  auto back = (*store->samples({}))[0];
  s.id = *id;
  EXPECT_EQ(back.timestamp_ms, s.timestamp_ms);
  EXPECT_EQ(back.ttft_ms, s.ttft_ms);
  EXPECT_EQ(back.eval_count, s.eval_count);
  EXPECT_EQ(back.prompt_hash, s.prompt_hash);
  EXPECT_EQ(back.gpu_percent, s.gpu_percent);
  EXPECT_FALSE(back.error.has_value());
  EXPECT_EQ(back.error_kind, ErrorKind::none);
}

TEST(SqliteStore, FailedSampleKeepsItsErrorKind) {
  testing::TempDir dir;
  auto store = std::move(*SqliteStore::open(dir.file("db")));
  Sample s = sample(1, 0);
  s.success = false;
  s.latency_ms.reset();
  s.error_kind = ErrorKind::http_429;
  s.error = "rate limited";
  ASSERT_TRUE(store->insert_sample(s));
  auto back = (*store->samples({}))[0];
  EXPECT_FALSE(back.success);
  EXPECT_EQ(back.error_kind, ErrorKind::http_429);
  EXPECT_EQ(back.error, "rate limited");
  EXPECT_EQ((*store->series())[0].errors, 1);
}

TEST(SqliteStore, QueriesBySeriesTimeAndLimitOldestFirst) {
  testing::TempDir dir;
  auto store = std::move(*SqliteStore::open(dir.file("db")));
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(store->insert_sample(sample(1000 + i, i)));
  ASSERT_TRUE(store->insert_sample(sample(1005, 99, "other")));
  SampleQuery q;
  q.model = "m";
  q.since_ms = 1003;
  q.limit = 4;
  auto got = *store->samples(q);
  ASSERT_EQ(got.size(), 4u);  // the newest four, oldest first
  EXPECT_EQ(got.front().timestamp_ms, 1006);
  EXPECT_EQ(got.back().timestamp_ms, 1009);
}

TEST(SqliteStore, TransactionRollsBackEverythingOnError) {
  testing::TempDir dir;
  auto store = std::move(*SqliteStore::open(dir.file("db")));
  auto r = store->transaction([&]() -> StoreResult<void> {
    if (auto id = store->insert_sample(sample(1, 1)); !id) return std::unexpected(id.error());
    return std::unexpected(StoreError{StoreError::Kind::io, "stop"});
  });
  EXPECT_FALSE(r);
  EXPECT_EQ(store->summary()->records, 0);
}

TEST(SqliteStore, CommittedSamplesSurviveAKilledProcess) {
  testing::TempDir dir;
  std::string path = dir.file("db");
  pid_t child = fork();
  if (child == 0) {
    auto store = std::move(*SqliteStore::open(path));
    for (int i = 0; i < 50; ++i)
      (void)store->transaction([&]() -> StoreResult<void> {
        auto id = store->insert_sample(sample(i, i));
        if (!id) return std::unexpected(id.error());
        return {};
      });
    ::kill(::getpid(), SIGKILL);  // no destructor, no checkpoint
  }
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status));
  auto store = std::move(*SqliteStore::open(path));
  EXPECT_EQ(store->summary()->records, 50);
}

TEST(SqliteStore, TargetNamesAreUnique) {
  testing::TempDir dir;
  auto store = std::move(*SqliteStore::open(dir.file("db")));
  ProbeTarget t;
  t.name = "local";
  t.provider = "ollama";
  t.base_url = "http://127.0.0.1:11434";
  t.model = "llama3.2:1b";
  t.headers["X-Team"] = "sre";
  ASSERT_TRUE(store->insert_target(t));
  auto dup = store->insert_target(t);
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().kind, StoreError::Kind::constraint);
  EXPECT_EQ((*store->targets())[0].headers.at("X-Team"), "sre");
}

TEST(SqliteStore, RefusesADatabaseFromANewerVersion) {
  testing::TempDir dir;
  {
    auto store = std::move(*SqliteStore::open(dir.file("db")));
  }
  sqlite3* raw = nullptr;
  sqlite3_open(dir.file("db").c_str(), &raw);
  sqlite3_exec(raw, "PRAGMA user_version=99", nullptr, nullptr, nullptr);
  sqlite3_close(raw);
  auto again = SqliteStore::open(dir.file("db"));
  ASSERT_FALSE(again);
  EXPECT_NE(again.error().message.find("newer"), std::string::npos);
}

}  // namespace
}  // namespace llmscope::store
