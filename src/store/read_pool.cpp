#include "store/read_pool.hpp"

namespace llmscope::store {

ReadPool::~ReadPool() {
  for (sqlite3* db : idle_) sqlite3_close(db);
}

std::expected<ReadPool::Lease, std::string> ReadPool::lease() {
  std::unique_lock lock(mutex_);
  freed_.wait(lock, [this] { return !idle_.empty() || open_ < size_; });
  if (!idle_.empty()) {
    sqlite3* db = idle_.back();
    idle_.pop_back();
    return Lease(*this, db);
  }
  ++open_;
  lock.unlock();

  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path_.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    std::string why = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    std::lock_guard again(mutex_);
    --open_;
    freed_.notify_one();
    return std::unexpected("cannot open a reader on " + path_ + ": " + why);
  }
  sqlite3_busy_timeout(db, 5000);
  // Pages come from the file's memory map rather than being copied into
  // SQLite's own small cache: a week's chart reads tens of megabytes.
  sqlite3_exec(db, "PRAGMA mmap_size=1073741824", nullptr, nullptr, nullptr);
  return Lease(*this, db);
}

void ReadPool::give_back(sqlite3* db) {
  std::lock_guard lock(mutex_);
  idle_.push_back(db);
  freed_.notify_one();
}

}  // namespace llmscope::store
