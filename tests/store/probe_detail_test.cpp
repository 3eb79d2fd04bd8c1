// The probe breakdown of a sample and the probe settings of a target
// (migration 3) survive the store, and a version-1 database gains them.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "store/schema.hpp"
#include "store/sqlite_store.hpp"
#include "temp_dir.hpp"

namespace llmscope::store {
namespace {

TEST(ProbeDetailStore, RoundTripsTheBreakdownOfASample) {
  testing::TempDir dir;
  auto store = std::move(*SqliteStore::open(dir.file("db")));
  Sample s;
  s.provider = "anthropic";
  s.model = "claude";
  s.timestamp_ms = 1796396400123;
  s.latency_ms = 900;
  s.dns_ms = 0.25;
  s.connect_ms = 1.5;
  s.tls_ms = 9.75;
  s.first_byte_ms = 300;
  s.first_chunk_ms = 350;
  s.first_answer_ms = 600;
  s.total_ms = 950;
  s.gap_p50_ms = 22;
  s.gap_p95_ms = 140;
  s.max_stall_ms = 160;
  s.decode_tokens_per_s = 45.5;
  s.output_tokens_source = "usage";
  s.retry_after_s = 30;
  ASSERT_TRUE(store->insert_sample(s));

  auto back = store->samples({});
  ASSERT_TRUE(back);
  ASSERT_EQ(back->size(), 1u);
  const Sample& b = (*back)[0];
  EXPECT_EQ(b.dns_ms, 0.25);
  EXPECT_EQ(b.connect_ms, 1.5);
  EXPECT_EQ(b.tls_ms, 9.75);
  EXPECT_EQ(b.first_byte_ms, 300.0);
  EXPECT_EQ(b.first_chunk_ms, 350.0);
  EXPECT_EQ(b.first_answer_ms, 600.0);
  EXPECT_EQ(b.total_ms, 950.0);
  EXPECT_EQ(b.gap_p50_ms, 22.0);
  EXPECT_EQ(b.gap_p95_ms, 140.0);
  EXPECT_EQ(b.max_stall_ms, 160.0);
  EXPECT_EQ(b.decode_tokens_per_s, 45.5);
  EXPECT_EQ(b.output_tokens_source, "usage");
  EXPECT_EQ(b.retry_after_s, 30.0);

  // Absent figures stay absent.
  Sample bare = s;
  bare.dns_ms.reset();
  bare.output_tokens_source.reset();
  ASSERT_TRUE(store->insert_sample(bare));
  back = store->samples({});
  EXPECT_FALSE((*back)[1].dns_ms.has_value());
  EXPECT_FALSE((*back)[1].output_tokens_source.has_value());
}

TEST(ProbeDetailStore, RoundTripsTheProbeSettingsOfATarget) {
  testing::TempDir dir;
  auto store = std::move(*SqliteStore::open(dir.file("db")));
  ProbeTarget t;
  t.name = "check";
  t.provider = "http";
  t.base_url = "https://h/healthz";
  t.model = "https://h/healthz";
  t.api_key = "secret";
  t.connect_timeout_s = 1.5;
  t.first_token_timeout_s = 4;
  t.ca_file = "/tmp/ca.pem";
  t.http_method = "HEAD";
  t.expect_status = 204;
  t.expect_body = "ok";
  auto id = store->insert_target(t);
  ASSERT_TRUE(id);

  auto read = [&] { return (*store->targets())[0]; };
  ProbeTarget b = read();
  EXPECT_EQ(b.api_key, "secret");
  EXPECT_EQ(b.connect_timeout_s, 1.5);
  EXPECT_EQ(b.first_token_timeout_s, 4.0);
  EXPECT_EQ(b.ca_file, "/tmp/ca.pem");
  EXPECT_EQ(b.http_method, "HEAD");
  EXPECT_EQ(b.expect_status, 204);
  EXPECT_EQ(b.expect_body, "ok");

  b.expect_status = 200;
  b.api_key = "";
  ASSERT_TRUE(store->update_target(b));
  EXPECT_EQ(read().expect_status, 200);
  EXPECT_EQ(read().api_key, "");
}

// A database written by version 1 (samples and targets of 0.1) is
// migrated: old rows read with the new columns absent or at their default.
TEST(ProbeDetailStore, VersionOneDatabaseIsMigrated) {
  testing::TempDir dir;
  std::string path = dir.file("old.db");
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  std::string v1 = "BEGIN;" + std::string(migrations()[0]) +
                   "INSERT INTO samples (ts_ms, provider, model, latency_ms, success, error_kind)"
                   " VALUES (1, 'ollama', 'm', 5.0, 1, 'none');"
                   "INSERT INTO targets (name, provider, base_url, model, prompt, max_tokens,"
                   " interval_s, timeout_s, enabled, api_key_env, headers_json) VALUES"
                   " ('t', 'openai', 'http://h', 'm', 'p', 8, 2, 30, 1, 'K', '{}');"
                   "PRAGMA user_version=1; COMMIT;";
  ASSERT_EQ(sqlite3_exec(db, v1.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);

  auto store = SqliteStore::open(path);
  ASSERT_TRUE(store) << store.error().message;
  EXPECT_EQ((*store)->schema_version(), static_cast<int>(migrations().size()));
  auto samples = (*store)->samples({});
  ASSERT_EQ(samples->size(), 1u);
  EXPECT_EQ((*samples)[0].latency_ms, 5.0);
  EXPECT_FALSE((*samples)[0].total_ms.has_value());
  ProbeTarget t = (*(*store)->targets())[0];
  EXPECT_EQ(t.api_key_env, "K");
  EXPECT_EQ(t.api_key, "");
  EXPECT_EQ(t.http_method, "GET");
  EXPECT_EQ(t.expect_status, 200);
  EXPECT_EQ(t.connect_timeout_s, 0.0);
}

}  // namespace
}  // namespace llmscope::store
