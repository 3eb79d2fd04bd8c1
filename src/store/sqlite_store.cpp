#include "store/sqlite_store.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "store/schema.hpp"
#include "store/sqlite.hpp"

namespace llmscope::store {
namespace {

StoreError io_error(const std::string& what, const std::string& why) {
  return {StoreError::Kind::io, what + ": " + why};
}

// Reader connections for the dashboard's reads: a few charts may load at
// once while the writer and the other queries go on.
constexpr std::size_t kReaders = 4;

constexpr const char* kSampleColumns =
    "id, ts_ms, provider, model, latency_ms, ttft_ms, itl_ms, tokens_per_s, "
    "output_tokens, input_tokens, success, http_status, error, error_kind, "
    "total_duration_ms, load_duration_ms, prompt_eval_duration_ms, "
    "eval_duration_ms, prompt_eval_count, eval_count, cpu_percent, "
    "memory_percent, gpu_percent, gpu_memory_percent, prompt_hash, "
    "dns_ms, connect_ms, tls_ms, first_byte_ms, first_chunk_ms, "
    "first_answer_ms, total_ms, gap_p50_ms, gap_p95_ms, max_stall_ms, "
    "decode_tokens_per_s, output_tokens_source, retry_after_s";

// The probe breakdown columns (migration 4), from column `at` on: the
// figures, output_tokens_source, retry_after_s.
void read_probe_detail(const Statement& st, int at, Sample& s) {
  for (const SampleFigure& f : kProbeDetailFigures) s.*f.member = st.opt_real(at++);
  s.output_tokens_source = st.opt_text(at++);
  s.retry_after_s = st.opt_real(at);
}

// Binds the probe breakdown to positions `at`.. (13 of them).
void bind_probe_detail(Statement& st, int at, const Sample& s) {
  for (const SampleFigure& f : kProbeDetailFigures) st.bind(at++, s.*f.member);
  st.bind(at++, s.output_tokens_source);
  st.bind(at, s.retry_after_s);
}

Sample read_sample(const Statement& st) {
  Sample s;
  s.id = st.int64(0);
  s.timestamp_ms = st.int64(1);
  s.provider = st.text(2);
  s.model = st.text(3);
  s.latency_ms = st.opt_real(4);
  s.ttft_ms = st.opt_real(5);
  s.itl_ms = st.opt_real(6);
  s.tokens_per_s = st.opt_real(7);
  s.output_tokens = st.opt_int64(8);
  s.input_tokens = st.opt_int64(9);
  s.success = st.int64(10) != 0;
  if (auto v = st.opt_int64(11)) s.http_status = static_cast<int>(*v);
  s.error = st.opt_text(12);
  s.error_kind = error_kind_from_string(st.text(13)).value_or(ErrorKind::other);
  s.total_duration_ms = st.opt_real(14);
  s.load_duration_ms = st.opt_real(15);
  s.prompt_eval_duration_ms = st.opt_real(16);
  s.eval_duration_ms = st.opt_real(17);
  s.prompt_eval_count = st.opt_int64(18);
  s.eval_count = st.opt_int64(19);
  s.cpu_percent = st.opt_real(20);
  s.memory_percent = st.opt_real(21);
  s.gpu_percent = st.opt_real(22);
  s.gpu_memory_percent = st.opt_real(23);
  s.prompt_hash = st.opt_text(24);
  read_probe_detail(st, 25, s);
  return s;
}

constexpr const char* kViolationColumns =
    "id, provider, model, metric, rule, sample_id, ts_ms, value, "
    "deviation_sigma, center, sigma, ucl, lcl, cpu_percent, memory_percent, "
    "gpu_percent, gpu_memory_percent, first_ts_ms, last_ts_ms, points, "
    "peak_deviation_sigma, state, acknowledged_at_ms, acknowledged_by, note, "
    "resolved_at_ms, resolved_by";

Violation read_violation(const Statement& st) {
  Violation v;
  v.id = st.int64(0);
  v.provider = st.text(1);
  v.model = st.text(2);
  v.metric = metric_from_string(st.text(3)).value_or(Metric::latency_ms);
  v.rule = st.text(4);
  v.sample_id = st.int64(5);
  v.timestamp_ms = st.int64(6);
  v.value = st.real(7);
  v.deviation_sigma = st.real(8);
  v.center = st.real(9);
  v.sigma = st.real(10);
  v.ucl = st.real(11);
  v.lcl = st.real(12);
  v.cpu_percent = st.opt_real(13);
  v.memory_percent = st.opt_real(14);
  v.gpu_percent = st.opt_real(15);
  v.gpu_memory_percent = st.opt_real(16);
  v.first_timestamp_ms = st.int64(17);
  v.last_timestamp_ms = st.int64(18);
  v.points = st.int64(19);
  v.peak_deviation_sigma = st.real(20);
  v.state = st.text(21) == "open" ? Violation::State::open : Violation::State::closed;
  v.acknowledged_at_ms = st.opt_int64(22);
  v.acknowledged_by = st.opt_text(23);
  v.note = st.opt_text(24);
  v.resolved_at_ms = st.opt_int64(25);
  v.resolved_by = st.opt_text(26);
  return v;
}

constexpr const char* kTargetColumns =
    "id, name, provider, base_url, model, prompt, max_tokens, interval_s, "
    "timeout_s, enabled, api_key_env, headers_json, api_key, connect_timeout_s, "
    "first_token_timeout_s, ca_file, http_method, expect_status, expect_body";

ProbeTarget read_target(const Statement& st) {
  ProbeTarget t;
  t.id = st.int64(0);
  t.name = st.text(1);
  t.provider = st.text(2);
  t.base_url = st.text(3);
  t.model = st.text(4);
  t.prompt = st.text(5);
  t.max_tokens = static_cast<int>(st.int64(6));
  t.interval_s = st.real(7);
  t.timeout_s = st.real(8);
  t.enabled = st.int64(9) != 0;
  t.api_key_env = st.text(10);
  auto headers = nlohmann::json::parse(st.text(11), nullptr, false);
  if (headers.is_object())
    for (auto& [k, v] : headers.items())
      if (v.is_string()) t.headers[k] = v.get<std::string>();
  t.api_key = st.text(12);
  t.connect_timeout_s = st.real(13);
  t.first_token_timeout_s = st.real(14);
  t.ca_file = st.text(15);
  t.http_method = st.text(16);
  t.expect_status = static_cast<int>(st.int64(17));
  t.expect_body = st.text(18);
  return t;
}

// Binds the target's fields to positions 1..18 (all but the id).
void bind_target(Statement& st, const ProbeTarget& t) {
  nlohmann::json headers = t.headers;
  st.bind(1, t.name).bind(2, t.provider).bind(3, t.base_url).bind(4, t.model);
  st.bind(5, t.prompt).bind(6, t.max_tokens).bind(7, t.interval_s);
  st.bind(8, t.timeout_s).bind(9, t.enabled).bind(10, t.api_key_env);
  st.bind(11, headers.dump()).bind(12, t.api_key).bind(13, t.connect_timeout_s);
  st.bind(14, t.first_token_timeout_s).bind(15, t.ca_file).bind(16, t.http_method);
  st.bind(17, t.expect_status).bind(18, t.expect_body);
}

}  // namespace

StoreResult<std::unique_ptr<SqliteStore>> SqliteStore::open(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  auto parent = fs::path(path).parent_path();
  if (!parent.empty() && path != ":memory:") fs::create_directories(parent, ec);
  if (ec) return std::unexpected(io_error("cannot create " + parent.string(), ec.message()));

  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    std::string why = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return std::unexpected(io_error("cannot open database " + path, why));
  }
  std::unique_ptr<SqliteStore> store(new SqliteStore(db));
  sqlite3_busy_timeout(db, 5000);
  for (const char* pragma :
       {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON"}) {
    if (auto r = store->exec(pragma); !r) return std::unexpected(r.error());
  }
  if (auto r = store->migrate(); !r) return std::unexpected(r.error());
  if (path != ":memory:" && !path.empty())
    store->readers_ = std::make_unique<ReadPool>(path, kReaders);
  return store;
}

SqliteStore::~SqliteStore() {
  // Readers first: the last connection to close writes the WAL back into
  // the database file and removes it, and a read-only one cannot.
  readers_.reset();
  sqlite3_close(db_);
}

StoreResult<void> SqliteStore::exec(const char* sql) {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    std::string why = message ? message : sqlite3_errmsg(db_);
    sqlite3_free(message);
    return std::unexpected(io_error(std::string("sql '") + sql + "'", why));
  }
  return {};
}

int SqliteStore::schema_version() {
  std::lock_guard lock(mutex_);
  Statement st(db_, "PRAGMA user_version");
  return st.step() ? static_cast<int>(st.int64(0)) : -1;
}

StoreResult<void> SqliteStore::migrate() {
  int version = schema_version();
  auto all = migrations();
  if (version > static_cast<int>(all.size()))
    return std::unexpected(
        StoreError{StoreError::Kind::corrupt, "database schema version " + std::to_string(version) +
                                                  " is newer than this program knows (" +
                                                  std::to_string(all.size()) + ")"});
  for (int v = version; v < static_cast<int>(all.size()); ++v) {
    std::string sql = "BEGIN;\n" + std::string(all[v]) +
                      "\nPRAGMA user_version=" + std::to_string(v + 1) + ";\nCOMMIT;";
    if (auto r = exec(sql.c_str()); !r) {
      exec("ROLLBACK");
      return std::unexpected(StoreError{StoreError::Kind::io, "migration " + std::to_string(v + 1) +
                                                                  " failed: " + r.error().message});
    }
  }
  return {};
}

StoreResult<void> SqliteStore::transaction(const std::function<StoreResult<void>()>& body) {
  std::lock_guard lock(mutex_);
  if (in_transaction_)
    return std::unexpected(StoreError{StoreError::Kind::io, "nested transaction"});
  if (auto r = exec("BEGIN IMMEDIATE"); !r) return r;
  in_transaction_ = true;
  uncommitted_.clear();
  StoreResult<void> result;
  try {
    result = body();
  } catch (const std::exception& e) {
    result = std::unexpected(io_error("transaction", e.what()));
  }
  in_transaction_ = false;
  auto inserted = std::move(uncommitted_);
  uncommitted_.clear();
  if (!result) {
    exec("ROLLBACK");
    return result;
  }
  if (auto r = exec("COMMIT"); !r) {
    exec("ROLLBACK");
    return r;
  }
  chart_cache_.committed(inserted);
  return {};
}

// --- samples --------------------------------------------------------------

StoreResult<std::int64_t> SqliteStore::insert_sample(const Sample& s) {
  std::lock_guard lock(mutex_);
  Statement st(db_,
               "INSERT INTO samples (ts_ms, provider, model, latency_ms, ttft_ms, "
               "itl_ms, tokens_per_s, output_tokens, input_tokens, success, "
               "http_status, error, error_kind, total_duration_ms, load_duration_ms, "
               "prompt_eval_duration_ms, eval_duration_ms, prompt_eval_count, "
               "eval_count, cpu_percent, memory_percent, gpu_percent, "
               "gpu_memory_percent, prompt_hash, dns_ms, connect_ms, tls_ms, "
               "first_byte_ms, first_chunk_ms, first_answer_ms, total_ms, gap_p50_ms, "
               "gap_p95_ms, max_stall_ms, decode_tokens_per_s, output_tokens_source, "
               "retry_after_s) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,"
               "?,?,?,?,?,?,?,?,?,?,?,?,?)");
  if (!st.ok()) return std::unexpected(statement_error(st, "insert sample"));
  st.bind(1, s.timestamp_ms).bind(2, s.provider).bind(3, s.model);
  st.bind(4, s.latency_ms).bind(5, s.ttft_ms).bind(6, s.itl_ms);
  st.bind(7, s.tokens_per_s).bind(8, s.output_tokens).bind(9, s.input_tokens);
  st.bind(10, s.success).bind(11, s.http_status).bind(12, s.error);
  st.bind(13, to_string(s.error_kind)).bind(14, s.total_duration_ms);
  st.bind(15, s.load_duration_ms).bind(16, s.prompt_eval_duration_ms);
  st.bind(17, s.eval_duration_ms).bind(18, s.prompt_eval_count);
  st.bind(19, s.eval_count).bind(20, s.cpu_percent).bind(21, s.memory_percent);
  st.bind(22, s.gpu_percent).bind(23, s.gpu_memory_percent);
  st.bind(24, s.prompt_hash);
  bind_probe_detail(st, 25, s);
  if (auto r = run_statement(st, "insert sample"); !r) return std::unexpected(r.error());
  const std::int64_t id = sqlite3_last_insert_rowid(db_);

  // For the chart cache, once committed.
  ChartCache::Row row{id, s.timestamp_ms, s.success, {}};
  const std::optional<double> figures[] = {s.latency_ms, s.ttft_ms, s.itl_ms, s.tokens_per_s};
  for (int m = 0; m < 4; ++m) row.values[m] = s.success && figures[m] ? *figures[m] : std::nan("");
  if (in_transaction_)
    uncommitted_.emplace_back(s.series(), row);
  else
    chart_cache_.committed({{s.series(), row}});
  return id;
}

StoreResult<void> SqliteStore::insert_flags(const SampleFlags& f) {
  std::lock_guard lock(mutex_);
  Statement st(db_, "INSERT OR REPLACE INTO sample_flags VALUES (?,?,?)");
  st.bind(1, f.sample_id).bind(2, to_string(f.metric)).bind(3, int{f.rules});
  return run_statement(st, "insert flags");
}

StoreResult<std::vector<Sample>> SqliteStore::samples(const SampleQuery& q) {
  std::lock_guard lock(mutex_);
  std::string sql = std::string("SELECT ") + kSampleColumns +
                    " FROM samples WHERE (?1 IS NULL OR provider = ?1)"
                    " AND (?2 IS NULL OR model = ?2)"
                    " AND (?3 IS NULL OR ts_ms >= ?3) AND (?4 IS NULL OR ts_ms <= ?4)"
                    " AND (?5 = 0 OR success = 1)"
                    " ORDER BY ts_ms DESC, id DESC LIMIT ?6";
  Statement st(db_, sql);
  if (!st.ok()) return std::unexpected(statement_error(st, "query samples"));
  st.bind(1, q.provider).bind(2, q.model).bind(3, q.since_ms).bind(4, q.until_ms);
  st.bind(5, q.only_successful);
  st.bind(6, q.limit == 0 ? std::int64_t{-1} : static_cast<std::int64_t>(q.limit));
  std::vector<Sample> out;
  while (st.step()) out.push_back(read_sample(st));
  if (st.failed()) return std::unexpected(statement_error(st, "query samples"));
  std::reverse(out.begin(), out.end());  // oldest first
  return out;
}

StoreResult<StoreSummary> SqliteStore::summary() {
  std::lock_guard lock(mutex_);
  Statement st(db_,
               "SELECT count(*), avg(CASE WHEN success THEN latency_ms END), "
               "max(CASE WHEN success THEN latency_ms END) FROM samples");
  StoreSummary s;
  if (st.step()) {
    s.records = st.int64(0);
    s.avg_latency_ms = st.opt_real(1);
    s.max_latency_ms = st.opt_real(2);
  }
  if (st.failed()) return std::unexpected(statement_error(st, "summary"));
  return s;
}

// --- violations -----------------------------------------------------------

StoreResult<std::int64_t> SqliteStore::insert_violation(const Violation& v) {
  std::lock_guard lock(mutex_);
  Statement st(db_,
               "INSERT INTO violations (provider, model, metric, rule, sample_id, "
               "ts_ms, value, deviation_sigma, center, sigma, ucl, lcl, cpu_percent, "
               "memory_percent, gpu_percent, gpu_memory_percent, first_ts_ms, "
               "last_ts_ms, points, peak_deviation_sigma, state) VALUES "
               "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  st.bind(1, v.provider).bind(2, v.model).bind(3, to_string(v.metric));
  st.bind(4, v.rule).bind(5, v.sample_id).bind(6, v.timestamp_ms);
  st.bind(7, v.value).bind(8, v.deviation_sigma).bind(9, v.center);
  st.bind(10, v.sigma).bind(11, v.ucl).bind(12, v.lcl).bind(13, v.cpu_percent);
  st.bind(14, v.memory_percent).bind(15, v.gpu_percent);
  st.bind(16, v.gpu_memory_percent).bind(17, v.first_timestamp_ms);
  st.bind(18, v.last_timestamp_ms).bind(19, v.points);
  st.bind(20, v.peak_deviation_sigma).bind(21, to_string(v.state));
  if (auto r = run_statement(st, "insert violation"); !r) return std::unexpected(r.error());
  return sqlite3_last_insert_rowid(db_);
}

StoreResult<void> SqliteStore::update_episode(const Violation& v) {
  std::lock_guard lock(mutex_);
  Statement st(db_,
               "UPDATE violations SET last_ts_ms = ?, points = ?, "
               "peak_deviation_sigma = ?, state = ? WHERE id = ?");
  st.bind(1, v.last_timestamp_ms).bind(2, v.points);
  st.bind(3, v.peak_deviation_sigma).bind(4, to_string(v.state)).bind(5, v.id);
  return run_statement(st, "update episode");
}

StoreResult<void> SqliteStore::update_workflow(const Violation& v) {
  std::lock_guard lock(mutex_);
  Statement st(db_,
               "UPDATE violations SET acknowledged_at_ms = ?, acknowledged_by = ?, "
               "note = ?, resolved_at_ms = ?, resolved_by = ? WHERE id = ?");
  st.bind(1, v.acknowledged_at_ms).bind(2, v.acknowledged_by).bind(3, v.note);
  st.bind(4, v.resolved_at_ms).bind(5, v.resolved_by).bind(6, v.id);
  if (auto r = run_statement(st, "update violation"); !r) return r;
  if (sqlite3_changes(db_) == 0)
    return std::unexpected(
        StoreError{StoreError::Kind::not_found, "violation " + std::to_string(v.id)});
  return {};
}

StoreResult<std::optional<Violation>> SqliteStore::violation(std::int64_t id) {
  std::lock_guard lock(mutex_);
  Statement st(db_, std::string("SELECT ") + kViolationColumns + " FROM violations WHERE id = ?");
  st.bind(1, id);
  if (st.step()) return read_violation(st);
  if (st.failed()) return std::unexpected(statement_error(st, "get violation"));
  return std::optional<Violation>{};
}

StoreResult<std::vector<Violation>> SqliteStore::violations(const ViolationQuery& q) {
  std::lock_guard lock(mutex_);
  std::string sql = std::string("SELECT ") + kViolationColumns +
                    " FROM violations WHERE (?1 IS NULL OR provider = ?1)"
                    " AND (?2 IS NULL OR model = ?2) AND (?3 IS NULL OR rule = ?3)"
                    " AND (?4 IS NULL OR metric = ?4)"
                    " AND (?5 IS NULL OR (acknowledged_at_ms IS NOT NULL) = ?5)"
                    " AND (?6 IS NULL OR (resolved_at_ms IS NOT NULL) = ?6)"
                    " AND (?7 IS NULL OR state = ?7)"
                    " AND (?10 IS NULL OR ts_ms >= ?10) AND (?11 IS NULL OR ts_ms <= ?11)"
                    " ORDER BY ts_ms DESC, id DESC LIMIT ?8 OFFSET ?9";
  Statement st(db_, sql);
  if (!st.ok()) return std::unexpected(statement_error(st, "query violations"));
  std::optional<std::string> state;
  if (q.state) state = std::string(to_string(*q.state));
  st.bind(1, q.provider).bind(2, q.model).bind(3, q.rule).bind(4, q.metric);
  st.bind(5, q.acknowledged).bind(6, q.resolved).bind(7, state);
  st.bind(8, static_cast<std::int64_t>(q.limit));
  st.bind(9, static_cast<std::int64_t>(q.offset));
  st.bind(10, q.since_ms).bind(11, q.until_ms);
  std::vector<Violation> out;
  while (st.step()) out.push_back(read_violation(st));
  if (st.failed()) return std::unexpected(statement_error(st, "query violations"));
  return out;
}

// --- targets and settings -------------------------------------------------

StoreResult<std::vector<ProbeTarget>> SqliteStore::targets() {
  std::lock_guard lock(mutex_);
  Statement st(db_, std::string("SELECT ") + kTargetColumns + " FROM targets ORDER BY id");
  std::vector<ProbeTarget> out;
  while (st.step()) out.push_back(read_target(st));
  if (st.failed()) return std::unexpected(statement_error(st, "list targets"));
  return out;
}

StoreResult<std::int64_t> SqliteStore::insert_target(const ProbeTarget& t) {
  std::lock_guard lock(mutex_);
  Statement st(db_,
               "INSERT INTO targets (name, provider, base_url, model, prompt, "
               "max_tokens, interval_s, timeout_s, enabled, api_key_env, "
               "headers_json, api_key, connect_timeout_s, first_token_timeout_s, "
               "ca_file, http_method, expect_status, expect_body) "
               "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  bind_target(st, t);
  if (auto r = run_statement(st, "insert target"); !r) return std::unexpected(r.error());
  return sqlite3_last_insert_rowid(db_);
}

StoreResult<void> SqliteStore::update_target(const ProbeTarget& t) {
  std::lock_guard lock(mutex_);
  Statement st(db_,
               "UPDATE targets SET name = ?, provider = ?, base_url = ?, model = ?, "
               "prompt = ?, max_tokens = ?, interval_s = ?, timeout_s = ?, "
               "enabled = ?, api_key_env = ?, headers_json = ?, api_key = ?, "
               "connect_timeout_s = ?, first_token_timeout_s = ?, ca_file = ?, "
               "http_method = ?, expect_status = ?, expect_body = ? WHERE id = ?");
  bind_target(st, t);
  st.bind(19, t.id);
  if (auto r = run_statement(st, "update target"); !r) return r;
  if (sqlite3_changes(db_) == 0)
    return std::unexpected(
        StoreError{StoreError::Kind::not_found, "target " + std::to_string(t.id)});
  return {};
}

StoreResult<void> SqliteStore::delete_target(std::int64_t id) {
  std::lock_guard lock(mutex_);
  Statement st(db_, "DELETE FROM targets WHERE id = ?");
  st.bind(1, id);
  if (auto r = run_statement(st, "delete target"); !r) return r;
  if (sqlite3_changes(db_) == 0)
    return std::unexpected(StoreError{StoreError::Kind::not_found, "target " + std::to_string(id)});
  return {};
}

StoreResult<std::optional<std::string>> SqliteStore::setting(const std::string& key) {
  std::lock_guard lock(mutex_);
  Statement st(db_, "SELECT value FROM settings WHERE key = ?");
  st.bind(1, key);
  if (st.step()) return std::optional<std::string>(st.text(0));
  if (st.failed()) return std::unexpected(statement_error(st, "get setting"));
  return std::optional<std::string>{};
}

StoreResult<void> SqliteStore::put_setting(const std::string& key, const std::string& json_value) {
  std::lock_guard lock(mutex_);
  Statement st(db_, "INSERT OR REPLACE INTO settings VALUES (?, ?)");
  st.bind(1, key).bind(2, json_value);
  return run_statement(st, "put setting");
}

}  // namespace llmscope::store
