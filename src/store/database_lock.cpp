#include "store/database_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string_view>
#include <utility>

namespace llmscope::store {
namespace {

// The process id the holder wrote, or "" when unreadable.
std::string holder_of(int fd) {
  char buf[32] = {};
  ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
  std::string_view text(buf, n > 0 ? static_cast<std::size_t>(n) : 0);
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.remove_suffix(1);
  for (char c : text)
    if (c < '0' || c > '9') return "";
  return std::string(text);
}

}  // namespace

std::expected<DatabaseLock, std::string> DatabaseLock::acquire(const std::string& database_path) {
  if (database_path == ":memory:") return DatabaseLock(-1);
  if (database_path.empty()) return std::unexpected("the database path is empty");
  // SQLite would read "file:..." as a URI naming some other file.
  if (database_path.starts_with("file:"))
    return std::unexpected("database " + database_path + ": give a file path, not a SQLite URI");
  namespace fs = std::filesystem;
  std::error_code ec;
  auto parent = fs::path(database_path).parent_path();
  if (!parent.empty()) fs::create_directories(parent, ec);
  // One lock per file, however it is named: "./data/x.db", "data/x.db" and
  // a symbolic link to it share the lock (the SQLite file itself is not
  // flock()ed: closing a descriptor of it would drop SQLite's own locks).
  fs::path real = fs::weakly_canonical(fs::absolute(database_path, ec), ec);
  const std::string path = (ec ? fs::path(database_path) : real).string() + ".lock";

  // Another name of the same file (a hard link) would get a lock of its
  // own, and SQLite its own -wal file: that corrupts databases.
  struct stat st {};
  if (::stat(database_path.c_str(), &st) == 0 && st.st_nlink > 1)
    return std::unexpected("database " + database_path + " has " + std::to_string(st.st_nlink) +
                           " hard links: SQLite needs one name per database file");

  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return std::unexpected("cannot open lock file " + path + ": " + std::strerror(errno));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    std::string holder = err == EWOULDBLOCK ? holder_of(fd) : "";
    ::close(fd);
    if (err != EWOULDBLOCK)
      return std::unexpected("cannot lock " + path + ": " + std::strerror(err));
    return std::unexpected("database " + database_path + " is already served by another llmscope" +
                           (holder.empty() ? "" : " (process " + holder + ")") +
                           "; stop it first, or give this one its own --database");
  }
  std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.data(), pid.size(), 0) < 0) {
    // The lock holds without the note; only the message would lack the id.
  }
  return DatabaseLock(fd);
}

DatabaseLock::DatabaseLock(DatabaseLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

DatabaseLock& DatabaseLock::operator=(DatabaseLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

// Closing the descriptor releases the lock; the file stays (removing it
// would race with a server starting at that moment).
DatabaseLock::~DatabaseLock() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace llmscope::store
