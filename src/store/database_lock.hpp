#pragma once

#include <expected>
#include <string>

namespace llmscope::store {

// Keeps a second `llmscope serve` off a database file that one already
// serves. Two servers on one file would each keep their own live engine
// (baselines, open episodes) and probe the same targets twice, judging the
// same series separately and alerting twice. The lock is an flock() on
// "<database>.lock" next to the file, released when this object is
// destroyed or the process exits in any way (even killed), so a crash
// never leaves a stale lock behind. The file holds the owner's process id
// for the error message. The lock file is named after the resolved path,
// so other names through symbolic links share it; a database file with
// hard links (other names SQLite would treat as other databases) and
// SQLite URIs ("file:...") are refused.
class DatabaseLock {
 public:
  // Takes the lock of `database_path` without waiting; fails, naming the
  // process that holds it, when another server has it. ":memory:" needs no
  // lock.
  static std::expected<DatabaseLock, std::string> acquire(const std::string& database_path);

  DatabaseLock(DatabaseLock&& other) noexcept;
  DatabaseLock& operator=(DatabaseLock&& other) noexcept;
  DatabaseLock(const DatabaseLock&) = delete;
  DatabaseLock& operator=(const DatabaseLock&) = delete;
  ~DatabaseLock();

 private:
  explicit DatabaseLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace llmscope::store
