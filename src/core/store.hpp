#pragma once

#include <cstdint>
#include <expected>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/alert.hpp"
#include "core/baseline.hpp"
#include "core/sample.hpp"
#include "core/target.hpp"
#include "core/violation.hpp"
#include "spc/nelson.hpp"

namespace llmscope {

// What went wrong in the store; `message` names the operation and cause.
struct StoreError {
  enum class Kind { io, constraint, not_found, corrupt };
  Kind kind = Kind::io;
  std::string message;
};

template <typename T>
using StoreResult = std::expected<T, StoreError>;

struct SampleQuery {
  std::optional<std::string> provider;
  std::optional<std::string> model;
  std::optional<EpochMs> since_ms;  // inclusive
  std::optional<EpochMs> until_ms;  // inclusive
  bool only_successful = false;
  std::size_t limit = 0;  // 0 = no limit; newest kept when limited
};

// The samples of one series that a chart of one metric reads.
struct ChartQuery {
  std::string provider;
  std::string model;
  Metric metric = Metric::latency_ms;
  std::optional<EpochMs> since_ms;  // inclusive
  std::optional<EpochMs> until_ms;  // inclusive
  std::size_t limit = 0;            // 0 = no limit; newest kept when limited
};

// A chart's samples as columns, one entry per sample (failures included),
// oldest first. `values` holds the metric, NaN where a sample failed or
// has none (and always for error_rate, which is not a per-sample value).
struct ChartColumns {
  std::vector<std::int64_t> ids;
  std::vector<EpochMs> timestamps_ms;
  std::vector<std::uint8_t> success;
  std::vector<double> values;

  std::size_t size() const { return ids.size(); }
};

struct ViolationQuery {
  std::optional<std::string> provider;
  std::optional<std::string> model;
  std::optional<std::string> rule;
  std::optional<std::string> metric;
  std::optional<bool> acknowledged;
  std::optional<bool> resolved;
  std::optional<Violation::State> state;
  // Bounds on the opening point's timestamp (Violation::timestamp_ms).
  std::optional<EpochMs> since_ms;  // inclusive
  std::optional<EpochMs> until_ms;  // inclusive
  std::size_t limit = 100;
  std::size_t offset = 0;
};

// A series seen in the samples.
struct SeriesInfo {
  std::string provider;
  std::string model;
  std::int64_t samples = 0;
  std::int64_t errors = 0;
  EpochMs last_timestamp_ms = 0;
};

// The rules that flagged one sample on one metric.
struct SampleFlags {
  std::int64_t sample_id = 0;
  Metric metric = Metric::latency_ms;
  spc::RuleMask rules = 0;
};

// Summary over all samples (the original's GET /api/stats).
struct StoreSummary {
  std::int64_t records = 0;
  std::optional<double> avg_latency_ms;
  std::optional<double> max_latency_ms;
};

// Persistent storage of samples, flags, violations, targets and settings.
// Implementations are thread-safe. Writes made inside transaction() are
// atomic: all of them are durable when it returns success, none otherwise.
class Store {
 public:
  virtual ~Store() = default;

  // Runs `body` in one transaction; commits when it succeeds, rolls back
  // when it fails (and returns its error). Not reentrant.
  virtual StoreResult<void> transaction(const std::function<StoreResult<void>()>& body) = 0;

  virtual StoreResult<std::int64_t> insert_sample(const Sample& sample) = 0;
  virtual StoreResult<void> insert_flags(const SampleFlags& flags) = 0;
  virtual StoreResult<std::vector<Sample>> samples(const SampleQuery& q) = 0;
  // Only the columns a chart needs: much less to read than samples().
  virtual StoreResult<ChartColumns> chart_columns(const ChartQuery& q) = 0;
  virtual StoreResult<std::vector<SampleFlags>> flags(const std::vector<std::int64_t>& sample_ids,
                                                      Metric metric) = 0;
  // Every series with its sample and error counts, by provider and model.
  virtual StoreResult<std::vector<SeriesInfo>> series() = 0;
  virtual StoreResult<StoreSummary> summary() = 0;

  virtual StoreResult<std::int64_t> insert_violation(const Violation& v) = 0;
  // Writes the episode fields (last timestamp, points, peak, state) only.
  virtual StoreResult<void> update_episode(const Violation& v) = 0;
  // Writes the workflow fields (acknowledged, note, resolved) only.
  virtual StoreResult<void> update_workflow(const Violation& v) = 0;
  virtual StoreResult<std::optional<Violation>> violation(std::int64_t id) = 0;
  virtual StoreResult<std::vector<Violation>> violations(const ViolationQuery& q) = 0;

  virtual StoreResult<std::vector<ProbeTarget>> targets() = 0;
  virtual StoreResult<std::int64_t> insert_target(const ProbeTarget& t) = 0;
  virtual StoreResult<void> update_target(const ProbeTarget& t) = 0;
  virtual StoreResult<void> delete_target(std::int64_t id) = 0;

  virtual StoreResult<std::optional<std::string>> setting(const std::string& key) = 0;
  virtual StoreResult<void> put_setting(const std::string& key, const std::string& json_value) = 0;

  // Frozen baselines (core/baseline.hpp). insert_baseline replaces the
  // series and metric's previous one; delete_baseline returns false when
  // there was no such id.
  virtual StoreResult<std::int64_t> insert_baseline(const Baseline& b) = 0;
  virtual StoreResult<void> update_baseline(const Baseline& b) = 0;
  virtual StoreResult<std::vector<Baseline>> baselines() = 0;
  virtual StoreResult<bool> delete_baseline(std::int64_t id) = 0;

  // The alert outbox (see core/alert.hpp). These have defaults that report
  // "not supported" so that a store without alerts still compiles.
  virtual StoreResult<std::int64_t> insert_delivery(const AlertDelivery& d);
  // Newest first; with `due_by_ms`, pending deliveries due by then, oldest
  // first.
  virtual StoreResult<std::vector<AlertDelivery>> deliveries(const DeliveryQuery& q);
  // Records an attempt and writes the delivery's status, attempts, next
  // attempt, last error and sent time, atomically.
  virtual StoreResult<void> record_attempt(const AlertAttempt& attempt,
                                           const AlertDelivery& delivery);
  // Sets a delivery's status (and last error) without an attempt.
  virtual StoreResult<void> set_delivery_status(std::int64_t id, AlertDelivery::Status status,
                                                const std::optional<std::string>& reason);
  // The attempts of these deliveries, oldest first.
  virtual StoreResult<std::vector<AlertAttempt>> attempts(
      const std::vector<std::int64_t>& delivery_ids);

  virtual StoreResult<std::int64_t> insert_mute(const AlertMute& m);
  // Mutes that end after `after_ms`, by start time.
  virtual StoreResult<std::vector<AlertMute>> mutes(EpochMs after_ms);
  virtual StoreResult<void> delete_mute(std::int64_t id);
};

}  // namespace llmscope
