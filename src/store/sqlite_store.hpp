#pragma once

#include <sqlite3.h>

#include <memory>
#include <mutex>
#include <string>

#include "core/store.hpp"
#include "store/chart_cache.hpp"
#include "store/read_pool.hpp"

namespace llmscope::store {

// The embedded store: one SQLite file in WAL mode. A committed transaction
// survives the process being killed (synchronous=NORMAL in WAL mode loses
// nothing on a process crash; only an OS crash or power cut may lose the
// last commits). One connection guarded by a mutex: SQLite serialises
// writers anyway, and reads of a monitor are small.
class SqliteStore final : public Store {
 public:
  // Opens (creating the file and its folder if needed) and migrates.
  static StoreResult<std::unique_ptr<SqliteStore>> open(const std::string& path);
  ~SqliteStore() override;

  StoreResult<void> transaction(const std::function<StoreResult<void>()>& body) override;

  StoreResult<std::int64_t> insert_sample(const Sample& sample) override;
  StoreResult<void> insert_flags(const SampleFlags& flags) override;
  StoreResult<std::vector<Sample>> samples(const SampleQuery& q) override;
  // The dashboard's reads, on reader connections (sqlite_chart.cpp).
  StoreResult<ChartColumns> chart_columns(const ChartQuery& q) override;
  StoreResult<std::vector<SampleFlags>> flags(const std::vector<std::int64_t>& sample_ids,
                                              Metric metric) override;
  StoreResult<std::vector<SeriesInfo>> series() override;
  StoreResult<StoreSummary> summary() override;

  StoreResult<std::int64_t> insert_violation(const Violation& v) override;
  StoreResult<void> update_episode(const Violation& v) override;
  StoreResult<void> update_workflow(const Violation& v) override;
  StoreResult<std::optional<Violation>> violation(std::int64_t id) override;
  StoreResult<std::vector<Violation>> violations(const ViolationQuery& q) override;

  StoreResult<std::vector<ProbeTarget>> targets() override;
  StoreResult<std::int64_t> insert_target(const ProbeTarget& t) override;
  StoreResult<void> update_target(const ProbeTarget& t) override;
  StoreResult<void> delete_target(std::int64_t id) override;

  StoreResult<std::optional<std::string>> setting(const std::string& key) override;
  StoreResult<void> put_setting(const std::string& key, const std::string& json_value) override;

  // Frozen baselines (sqlite_baselines.cpp).
  StoreResult<std::int64_t> insert_baseline(const Baseline& b) override;
  StoreResult<void> update_baseline(const Baseline& b) override;
  StoreResult<std::vector<Baseline>> baselines() override;
  StoreResult<bool> delete_baseline(std::int64_t id) override;

  // The alert outbox and mutes (sqlite_alerts.cpp).
  StoreResult<std::int64_t> insert_delivery(const AlertDelivery& d) override;
  StoreResult<std::vector<AlertDelivery>> deliveries(const DeliveryQuery& q) override;
  StoreResult<void> record_attempt(const AlertAttempt& attempt,
                                   const AlertDelivery& delivery) override;
  StoreResult<void> set_delivery_status(std::int64_t id, AlertDelivery::Status status,
                                        const std::optional<std::string>& reason) override;
  StoreResult<std::vector<AlertAttempt>> attempts(
      const std::vector<std::int64_t>& delivery_ids) override;
  StoreResult<std::int64_t> insert_mute(const AlertMute& m) override;
  StoreResult<std::vector<AlertMute>> mutes(EpochMs after_ms) override;
  StoreResult<void> delete_mute(std::int64_t id) override;

  // Rows held by the chart cache (store/chart_cache.hpp), for tests.
  std::size_t chart_cache_rows() const { return chart_cache_.rows(); }

  // The schema version after migration (PRAGMA user_version).
  int schema_version();

 private:
  explicit SqliteStore(sqlite3* db) : db_(db) {}
  StoreResult<void> exec(const char* sql);
  StoreResult<void> migrate();
  // Runs `read(db)` on a reader connection, or on the main one under the
  // lock when there are no readers (an in-memory database).
  template <typename T, typename F>
  StoreResult<T> read(F&& read);

  // Reads the rows `q` asks for, all four metrics (the cache keeps them).
  StoreResult<std::vector<ChartCache::Row>> chart_rows(const ChartQuery& q);
  // Empties the chart cache when another connection changed the database.
  void forget_outside_changes();

  sqlite3* db_;
  std::unique_ptr<ReadPool> readers_;  // null for ":memory:"
  // A week of 2 s samples is 302,400 rows of 56 bytes: about three such
  // series, 56 MB.
  ChartCache chart_cache_{1'000'000};
  // SQLite's data_version of the main connection when last checked: it
  // changes when another connection (a second process, a hand edit)
  // commits, and then the cache is cleared.
  std::int64_t data_version_ = -1;
  // Samples inserted by the open transaction, for the cache at commit.
  std::vector<std::pair<SeriesKey, ChartCache::Row>> uncommitted_;
  std::recursive_mutex mutex_;  // the transaction holds it across its body
  bool in_transaction_ = false;
};

}  // namespace llmscope::store
