// Frozen baselines in SQLite (table baselines, migration 2).
#include <sqlite3.h>

#include "store/sqlite.hpp"
#include "store/sqlite_store.hpp"

namespace llmscope::store {
namespace {

constexpr const char* kColumns =
    "id, provider, model, metric, created_ms, from_ms, until_ms, first_n, transform, "
    "n, center, mr_center, lag1";

Baseline read_baseline(const Statement& st) {
  Baseline b;
  b.id = st.int64(0);
  b.provider = st.text(1);
  b.model = st.text(2);
  b.metric = metric_from_string(st.text(3)).value_or(Metric::latency_ms);
  b.created_ms = st.int64(4);
  b.from_ms = st.opt_int64(5);
  b.until_ms = st.opt_int64(6);
  b.first_n = st.opt_int64(7);
  b.transform = spc::transform_from_string(st.text(8)).value_or(spc::Transform::none);
  if (auto n = st.opt_int64(9))
    b.limits = spc::limits_from(st.real(10), st.real(11), static_cast<std::size_t>(*n));
  b.lag1 = st.opt_real(12);
  return b;
}

// Binds parameters 1..12 in the order of kColumns after id.
void bind_fields(Statement& st, const Baseline& b) {
  st.bind(1, b.provider).bind(2, b.model).bind(3, std::string(to_string(b.metric)));
  st.bind(4, b.created_ms).bind(5, b.from_ms).bind(6, b.until_ms).bind(7, b.first_n);
  st.bind(8, std::string(spc::to_string(b.transform)));
  if (b.limits) {
    st.bind(9, static_cast<std::int64_t>(b.limits->n)).bind(10, b.limits->center);
    st.bind(11, b.limits->mr_center);
  } else {
    st.bind_null(9).bind_null(10).bind_null(11);
  }
  st.bind(12, b.lag1);
}

}  // namespace

StoreResult<std::int64_t> SqliteStore::insert_baseline(const Baseline& b) {
  std::lock_guard lock(mutex_);
  // One per series and metric: the new one replaces the old.
  Statement del(db_, "DELETE FROM baselines WHERE provider = ? AND model = ? AND metric = ?");
  del.bind(1, b.provider).bind(2, b.model).bind(3, std::string(to_string(b.metric)));
  del.step();
  if (!del.ok() || del.failed()) return std::unexpected(statement_error(del, "replace baseline"));

  Statement st(db_,
               "INSERT INTO baselines (provider, model, metric, created_ms, from_ms, "
               "until_ms, first_n, transform, n, center, mr_center, lag1) "
               "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
  if (!st.ok()) return std::unexpected(statement_error(st, "insert baseline"));
  bind_fields(st, b);
  st.step();
  if (st.failed()) return std::unexpected(statement_error(st, "insert baseline"));
  return sqlite3_last_insert_rowid(db_);
}

StoreResult<void> SqliteStore::update_baseline(const Baseline& b) {
  std::lock_guard lock(mutex_);
  Statement st(db_,
               "UPDATE baselines SET provider=?, model=?, metric=?, created_ms=?, from_ms=?, "
               "until_ms=?, first_n=?, transform=?, n=?, center=?, mr_center=?, lag1=? "
               "WHERE id=?");
  if (!st.ok()) return std::unexpected(statement_error(st, "update baseline"));
  bind_fields(st, b);
  st.bind(13, b.id);
  st.step();
  if (st.failed()) return std::unexpected(statement_error(st, "update baseline"));
  if (sqlite3_changes(db_) == 0)
    return std::unexpected(StoreError{StoreError::Kind::not_found,
                                      "update baseline: no baseline " + std::to_string(b.id)});
  return {};
}

StoreResult<std::vector<Baseline>> SqliteStore::baselines() {
  std::lock_guard lock(mutex_);
  Statement st(db_, std::string("SELECT ") + kColumns + " FROM baselines ORDER BY id");
  if (!st.ok()) return std::unexpected(statement_error(st, "query baselines"));
  std::vector<Baseline> out;
  while (st.step()) out.push_back(read_baseline(st));
  if (st.failed()) return std::unexpected(statement_error(st, "query baselines"));
  return out;
}

StoreResult<bool> SqliteStore::delete_baseline(std::int64_t id) {
  std::lock_guard lock(mutex_);
  Statement st(db_, "DELETE FROM baselines WHERE id = ?");
  if (!st.ok()) return std::unexpected(statement_error(st, "delete baseline"));
  st.bind(1, id);
  st.step();
  if (st.failed()) return std::unexpected(statement_error(st, "delete baseline"));
  return sqlite3_changes(db_) > 0;
}

}  // namespace llmscope::store
