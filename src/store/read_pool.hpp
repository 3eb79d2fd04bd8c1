#pragma once

#include <sqlite3.h>

#include <condition_variable>
#include <cstddef>
#include <expected>
#include <mutex>
#include <string>
#include <vector>

namespace llmscope::store {

// Read-only connections to one WAL database, so that long reads (a week of
// samples for a chart) neither wait for nor hold up the writer and the
// other queries. Each read sees the last committed state when it starts.
// Connections open on first use, up to `size`; a read waits for a free one.
class ReadPool {
 public:
  ReadPool(std::string path, std::size_t size) : path_(std::move(path)), size_(size) {}
  ~ReadPool();
  ReadPool(const ReadPool&) = delete;
  ReadPool& operator=(const ReadPool&) = delete;

  // A connection held until the lease ends.
  class Lease {
   public:
    Lease(ReadPool& pool, sqlite3* db) : pool_(&pool), db_(db) {}
    Lease(Lease&& other) noexcept : pool_(other.pool_), db_(other.db_) { other.db_ = nullptr; }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() {
      if (db_) pool_->give_back(db_);
    }
    sqlite3* get() const { return db_; }

   private:
    ReadPool* pool_;
    sqlite3* db_;
  };

  // A free connection, or the reason none could be opened.
  std::expected<Lease, std::string> lease();

 private:
  void give_back(sqlite3* db);

  std::string path_;
  std::size_t size_;
  std::mutex mutex_;
  std::condition_variable freed_;
  std::vector<sqlite3*> idle_;
  std::size_t open_ = 0;
};

}  // namespace llmscope::store
