// The alert outbox, its attempts and the mute windows in SQLite.
#include <sqlite3.h>

#include "store/sqlite.hpp"
#include "store/sqlite_store.hpp"

namespace llmscope::store {
namespace {

constexpr const char* kDeliveryColumns =
    "id, violation_id, channel, event, status, created_ms, next_attempt_ms, "
    "attempts, last_error, sent_ms";

AlertDelivery read_delivery(const Statement& st) {
  AlertDelivery d;
  d.id = st.int64(0);
  d.violation_id = st.int64(1);
  d.channel = alert_channel_from_string(st.text(2)).value_or(AlertChannel::email);
  d.event = alert_event_from_string(st.text(3)).value_or(AlertEvent::opened);
  d.status = delivery_status_from_string(st.text(4)).value_or(AlertDelivery::Status::failed);
  d.created_ms = st.int64(5);
  d.next_attempt_ms = st.int64(6);
  d.attempts = static_cast<int>(st.int64(7));
  d.last_error = st.opt_text(8);
  d.sent_ms = st.opt_int64(9);
  return d;
}

}  // namespace

StoreResult<std::int64_t> SqliteStore::insert_delivery(const AlertDelivery& d) {
  std::lock_guard lock(mutex_);
  Statement st(db_,
               "INSERT INTO alert_deliveries (violation_id, channel, event, status, "
               "created_ms, next_attempt_ms, attempts, last_error, sent_ms) "
               "VALUES (?,?,?,?,?,?,?,?,?)");
  st.bind(1, d.violation_id).bind(2, to_string(d.channel)).bind(3, to_string(d.event));
  st.bind(4, to_string(d.status)).bind(5, d.created_ms).bind(6, d.next_attempt_ms);
  st.bind(7, d.attempts).bind(8, d.last_error).bind(9, d.sent_ms);
  if (auto r = run_statement(st, "insert delivery"); !r) return std::unexpected(r.error());
  return sqlite3_last_insert_rowid(db_);
}

StoreResult<std::vector<AlertDelivery>> SqliteStore::deliveries(const DeliveryQuery& q) {
  std::lock_guard lock(mutex_);
  std::string sql = std::string("SELECT ") + kDeliveryColumns +
                    " FROM alert_deliveries WHERE (?1 IS NULL OR violation_id = ?1)"
                    " AND (?2 IS NULL OR channel = ?2) AND (?3 IS NULL OR status = ?3)"
                    " AND (?4 IS NULL OR (status = 'pending' AND next_attempt_ms <= ?4))";
  sql += q.due_by_ms ? " ORDER BY next_attempt_ms, id" : " ORDER BY id DESC";
  sql += " LIMIT ?5 OFFSET ?6";
  Statement st(db_, sql);
  if (!st.ok()) return std::unexpected(statement_error(st, "query deliveries"));
  std::optional<std::string> channel, status;
  if (q.channel) channel = std::string(to_string(*q.channel));
  if (q.status) status = std::string(to_string(*q.status));
  st.bind(1, q.violation_id).bind(2, channel).bind(3, status).bind(4, q.due_by_ms);
  st.bind(5, static_cast<std::int64_t>(q.limit));
  st.bind(6, static_cast<std::int64_t>(q.offset));
  std::vector<AlertDelivery> out;
  while (st.step()) out.push_back(read_delivery(st));
  if (st.failed()) return std::unexpected(statement_error(st, "query deliveries"));
  return out;
}

StoreResult<void> SqliteStore::record_attempt(const AlertAttempt& a, const AlertDelivery& d) {
  // Both rows or neither: an attempt is never recorded without its effect.
  return transaction([&]() -> StoreResult<void> {
    Statement ins(db_,
                  "INSERT INTO alert_attempts (delivery_id, attempted_ms, duration_ms, "
                  "ok, permanent, code, error) VALUES (?,?,?,?,?,?,?)");
    ins.bind(1, a.delivery_id).bind(2, a.attempted_ms).bind(3, a.duration_ms);
    ins.bind(4, a.ok).bind(5, a.permanent).bind(6, a.code).bind(7, a.error);
    if (auto r = run_statement(ins, "insert attempt"); !r) return r;

    Statement up(db_,
                 "UPDATE alert_deliveries SET status = ?, next_attempt_ms = ?, "
                 "attempts = ?, last_error = ?, sent_ms = ? WHERE id = ?");
    up.bind(1, to_string(d.status)).bind(2, d.next_attempt_ms).bind(3, d.attempts);
    up.bind(4, d.last_error).bind(5, d.sent_ms).bind(6, d.id);
    return run_statement(up, "update delivery");
  });
}

StoreResult<void> SqliteStore::set_delivery_status(std::int64_t id, AlertDelivery::Status status,
                                                   const std::optional<std::string>& reason) {
  std::lock_guard lock(mutex_);
  Statement st(db_, "UPDATE alert_deliveries SET status = ?, last_error = ? WHERE id = ?");
  st.bind(1, to_string(status)).bind(2, reason).bind(3, id);
  return run_statement(st, "set delivery status");
}

StoreResult<std::vector<AlertAttempt>> SqliteStore::attempts(
    const std::vector<std::int64_t>& delivery_ids) {
  std::lock_guard lock(mutex_);
  std::vector<AlertAttempt> out;
  for (std::int64_t id : delivery_ids) {
    Statement one(db_,
                  "SELECT id, delivery_id, attempted_ms, duration_ms, ok, permanent, "
                  "code, error FROM alert_attempts WHERE delivery_id = ? ORDER BY id");
    one.bind(1, id);
    while (one.step()) {
      AlertAttempt a;
      a.id = one.int64(0);
      a.delivery_id = one.int64(1);
      a.attempted_ms = one.int64(2);
      a.duration_ms = one.real(3);
      a.ok = one.int64(4) != 0;
      a.permanent = one.int64(5) != 0;
      if (auto c = one.opt_int64(6)) a.code = static_cast<int>(*c);
      a.error = one.opt_text(7);
      out.push_back(std::move(a));
    }
    if (one.failed()) return std::unexpected(statement_error(one, "query attempts"));
  }
  return out;
}

StoreResult<std::int64_t> SqliteStore::insert_mute(const AlertMute& m) {
  std::lock_guard lock(mutex_);
  Statement st(db_,
               "INSERT INTO alert_mutes (provider, model, starts_ms, ends_ms, reason, "
               "created_ms) VALUES (?,?,?,?,?,?)");
  st.bind(1, m.provider).bind(2, m.model).bind(3, m.starts_ms).bind(4, m.ends_ms);
  st.bind(5, m.reason).bind(6, m.created_ms);
  if (auto r = run_statement(st, "insert mute"); !r) return std::unexpected(r.error());
  return sqlite3_last_insert_rowid(db_);
}

StoreResult<std::vector<AlertMute>> SqliteStore::mutes(EpochMs after_ms) {
  std::lock_guard lock(mutex_);
  Statement st(db_,
               "SELECT id, provider, model, starts_ms, ends_ms, reason, created_ms "
               "FROM alert_mutes WHERE ends_ms > ? ORDER BY starts_ms, id");
  st.bind(1, after_ms);
  std::vector<AlertMute> out;
  while (st.step()) {
    AlertMute m;
    m.id = st.int64(0);
    m.provider = st.text(1);
    m.model = st.text(2);
    m.starts_ms = st.int64(3);
    m.ends_ms = st.int64(4);
    m.reason = st.opt_text(5);
    m.created_ms = st.int64(6);
    out.push_back(std::move(m));
  }
  if (st.failed()) return std::unexpected(statement_error(st, "list mutes"));
  return out;
}

StoreResult<void> SqliteStore::delete_mute(std::int64_t id) {
  std::lock_guard lock(mutex_);
  Statement st(db_, "DELETE FROM alert_mutes WHERE id = ?");
  st.bind(1, id);
  if (auto r = run_statement(st, "delete mute"); !r) return r;
  if (sqlite3_changes(db_) == 0)
    return std::unexpected(StoreError{StoreError::Kind::not_found, "mute " + std::to_string(id)});
  return {};
}

}  // namespace llmscope::store
