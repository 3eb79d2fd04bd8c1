#include "store/schema.hpp"

namespace llmscope::store {
namespace {

constexpr std::string_view kV1 = R"sql(
CREATE TABLE samples (
  id INTEGER PRIMARY KEY,
  ts_ms INTEGER NOT NULL,
  provider TEXT NOT NULL,
  model TEXT NOT NULL,
  latency_ms REAL,
  ttft_ms REAL,
  itl_ms REAL,
  tokens_per_s REAL,
  output_tokens INTEGER,
  input_tokens INTEGER,
  success INTEGER NOT NULL,
  http_status INTEGER,
  error TEXT,
  error_kind TEXT NOT NULL,
  total_duration_ms REAL,
  load_duration_ms REAL,
  prompt_eval_duration_ms REAL,
  eval_duration_ms REAL,
  prompt_eval_count INTEGER,
  eval_count INTEGER,
  cpu_percent REAL,
  memory_percent REAL,
  gpu_percent REAL,
  gpu_memory_percent REAL,
  prompt_hash TEXT
);
CREATE INDEX samples_series_ts ON samples(provider, model, ts_ms);
CREATE INDEX samples_ts ON samples(ts_ms);

CREATE TABLE sample_flags (
  sample_id INTEGER NOT NULL REFERENCES samples(id),
  metric TEXT NOT NULL,
  rules INTEGER NOT NULL,
  PRIMARY KEY (sample_id, metric)
) WITHOUT ROWID;

CREATE TABLE violations (
  id INTEGER PRIMARY KEY,
  provider TEXT NOT NULL,
  model TEXT NOT NULL,
  metric TEXT NOT NULL,
  rule TEXT NOT NULL,
  sample_id INTEGER NOT NULL,
  ts_ms INTEGER NOT NULL,
  value REAL NOT NULL,
  deviation_sigma REAL NOT NULL,
  center REAL NOT NULL,
  sigma REAL NOT NULL,
  ucl REAL NOT NULL,
  lcl REAL NOT NULL,
  cpu_percent REAL,
  memory_percent REAL,
  gpu_percent REAL,
  gpu_memory_percent REAL,
  first_ts_ms INTEGER NOT NULL,
  last_ts_ms INTEGER NOT NULL,
  points INTEGER NOT NULL,
  peak_deviation_sigma REAL NOT NULL,
  state TEXT NOT NULL,
  acknowledged_at_ms INTEGER,
  acknowledged_by TEXT,
  note TEXT,
  resolved_at_ms INTEGER,
  resolved_by TEXT
);
CREATE INDEX violations_series ON violations(provider, model, ts_ms);
CREATE INDEX violations_state ON violations(state);

CREATE TABLE targets (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  provider TEXT NOT NULL,
  base_url TEXT NOT NULL,
  model TEXT NOT NULL,
  prompt TEXT NOT NULL,
  max_tokens INTEGER NOT NULL,
  interval_s REAL NOT NULL,
  timeout_s REAL NOT NULL,
  enabled INTEGER NOT NULL,
  api_key_env TEXT NOT NULL,
  headers_json TEXT NOT NULL
);

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
)sql";

// Alerts: the outbox, every delivery attempt, and mute windows.
constexpr std::string_view kAlerts = R"sql(
CREATE TABLE alert_deliveries (
  id INTEGER PRIMARY KEY,
  violation_id INTEGER NOT NULL REFERENCES violations(id),
  channel TEXT NOT NULL,
  event TEXT NOT NULL,
  status TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  next_attempt_ms INTEGER NOT NULL,
  attempts INTEGER NOT NULL,
  last_error TEXT,
  sent_ms INTEGER
);
CREATE INDEX alert_deliveries_due ON alert_deliveries(status, next_attempt_ms);
CREATE INDEX alert_deliveries_violation ON alert_deliveries(violation_id);

CREATE TABLE alert_attempts (
  id INTEGER PRIMARY KEY,
  delivery_id INTEGER NOT NULL REFERENCES alert_deliveries(id),
  attempted_ms INTEGER NOT NULL,
  duration_ms REAL NOT NULL,
  ok INTEGER NOT NULL,
  permanent INTEGER NOT NULL,
  code INTEGER,
  error TEXT
);
CREATE INDEX alert_attempts_delivery ON alert_attempts(delivery_id);

CREATE TABLE alert_mutes (
  id INTEGER PRIMARY KEY,
  provider TEXT NOT NULL,
  model TEXT NOT NULL,
  starts_ms INTEGER NOT NULL,
  ends_ms INTEGER NOT NULL,
  reason TEXT,
  created_ms INTEGER NOT NULL
);
)sql";

// Probes (issue 4): the full timing breakdown of each sample, and the
// target's stored key, phase timeouts, CA file and plain-HTTP check.
constexpr std::string_view kProbeDetail = R"sql(
ALTER TABLE samples ADD COLUMN dns_ms REAL;
ALTER TABLE samples ADD COLUMN connect_ms REAL;
ALTER TABLE samples ADD COLUMN tls_ms REAL;
ALTER TABLE samples ADD COLUMN first_byte_ms REAL;
ALTER TABLE samples ADD COLUMN first_chunk_ms REAL;
ALTER TABLE samples ADD COLUMN first_answer_ms REAL;
ALTER TABLE samples ADD COLUMN total_ms REAL;
ALTER TABLE samples ADD COLUMN gap_p50_ms REAL;
ALTER TABLE samples ADD COLUMN gap_p95_ms REAL;
ALTER TABLE samples ADD COLUMN max_stall_ms REAL;
ALTER TABLE samples ADD COLUMN decode_tokens_per_s REAL;
ALTER TABLE samples ADD COLUMN output_tokens_source TEXT;
ALTER TABLE samples ADD COLUMN retry_after_s REAL;

ALTER TABLE targets ADD COLUMN api_key TEXT NOT NULL DEFAULT '';
ALTER TABLE targets ADD COLUMN connect_timeout_s REAL NOT NULL DEFAULT 0;
ALTER TABLE targets ADD COLUMN first_token_timeout_s REAL NOT NULL DEFAULT 0;
ALTER TABLE targets ADD COLUMN ca_file TEXT NOT NULL DEFAULT '';
ALTER TABLE targets ADD COLUMN http_method TEXT NOT NULL DEFAULT 'GET';
ALTER TABLE targets ADD COLUMN expect_status INTEGER NOT NULL DEFAULT 200;
ALTER TABLE targets ADD COLUMN expect_body TEXT NOT NULL DEFAULT '';
)sql";

// SPC (issue 3): frozen baselines, one per series and metric. Limits are
// stored as n, center and mean moving range on the scale of `transform`;
// NULL while a "first N points" baseline is still collecting.
constexpr std::string_view kBaselines = R"sql(
CREATE TABLE baselines (
  id INTEGER PRIMARY KEY,
  provider TEXT NOT NULL,
  model TEXT NOT NULL,
  metric TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  from_ms INTEGER,
  until_ms INTEGER,
  first_n INTEGER,
  transform TEXT NOT NULL,
  n INTEGER,
  center REAL,
  mr_center REAL,
  lag1 REAL
);
CREATE UNIQUE INDEX baselines_series_metric ON baselines(provider, model, metric);
)sql";

// Issue 6, reads for the dashboard. The series list with its counts, kept
// by triggers so that listing series does not count every sample (a week
// of 2 s samples made GET /api/series and every chart request scan the
// whole table). And an index holding everything a chart reads, in chart
// order, so that a chart never visits the table: it replaces
// samples_series_ts, of which it is an extension.
constexpr std::string_view kDashboardReads = R"sql(
CREATE INDEX samples_chart ON samples(provider, model, ts_ms, id, success, latency_ms, ttft_ms,
                                      itl_ms, tokens_per_s);
DROP INDEX samples_series_ts;
CREATE TABLE series (
  provider TEXT NOT NULL,
  model TEXT NOT NULL,
  samples INTEGER NOT NULL,
  errors INTEGER NOT NULL,
  last_ts_ms INTEGER NOT NULL,
  PRIMARY KEY (provider, model)
) WITHOUT ROWID;
INSERT INTO series (provider, model, samples, errors, last_ts_ms)
  SELECT provider, model, count(*), sum(success = 0), max(ts_ms)
  FROM samples GROUP BY provider, model;
CREATE TRIGGER samples_insert_series AFTER INSERT ON samples BEGIN
  INSERT INTO series (provider, model, samples, errors, last_ts_ms)
  VALUES (NEW.provider, NEW.model, 1, NEW.success = 0, NEW.ts_ms)
  ON CONFLICT (provider, model) DO UPDATE SET
    samples = samples + 1,
    errors = errors + excluded.errors,
    last_ts_ms = max(last_ts_ms, excluded.last_ts_ms);
END;
CREATE TRIGGER samples_delete_series AFTER DELETE ON samples BEGIN
  UPDATE series SET samples = samples - 1, errors = errors - (OLD.success = 0)
  WHERE provider = OLD.provider AND model = OLD.model;
  DELETE FROM series WHERE provider = OLD.provider AND model = OLD.model AND samples <= 0;
END;
)sql";

constexpr std::string_view kMigrations[] = {kV1, kBaselines, kAlerts, kProbeDetail,
                                            kDashboardReads};

}  // namespace

std::span<const std::string_view> migrations() { return kMigrations; }

}  // namespace llmscope::store
