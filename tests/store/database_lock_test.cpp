// One server per database file: the second is refused, naming the first.
#include "store/database_lock.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "temp_dir.hpp"

namespace llmscope::store {
namespace {

using testing::TempDir;

TEST(DatabaseLock, ASecondHolderIsRefusedWithTheFirstOnesProcessId) {
  TempDir dir;
  const std::string db = dir.file("data/llmscope.db");
  auto first = DatabaseLock::acquire(db);
  ASSERT_TRUE(first) << first.error();

  auto second = DatabaseLock::acquire(db);
  ASSERT_FALSE(second);
  EXPECT_NE(second.error().find("already served by another llmscope"), std::string::npos)
      << second.error();
  EXPECT_NE(second.error().find("(process " + std::to_string(::getpid()) + ")"), std::string::npos)
      << second.error();
  EXPECT_NE(second.error().find(db), std::string::npos);

  // Another file is another database.
  EXPECT_TRUE(DatabaseLock::acquire(dir.file("data/other.db")));
}

TEST(DatabaseLock, OtherNamesOfTheSameFileShareItsLock) {
  TempDir dir;
  const std::string db = dir.file("data/llmscope.db");
  auto first = DatabaseLock::acquire(db);
  ASSERT_TRUE(first) << first.error();
  EXPECT_FALSE(DatabaseLock::acquire(dir.file("data/./../data/llmscope.db")));
  std::filesystem::create_directory_symlink(dir.file("data"), dir.file("alias"));
  EXPECT_FALSE(DatabaseLock::acquire(dir.file("alias/llmscope.db")));
  std::ofstream(db).put('x');  // the first server has created the file
  std::filesystem::create_symlink(db, dir.file("link.db"));
  EXPECT_FALSE(DatabaseLock::acquire(dir.file("link.db")));
}

TEST(DatabaseLock, IsReleasedWithItsHolderAndFollowsAMove) {
  TempDir dir;
  const std::string db = dir.file("llmscope.db");
  {
    auto first = DatabaseLock::acquire(db);
    ASSERT_TRUE(first);
    DatabaseLock moved = std::move(*first);
    first = std::unexpected("gone");  // the moved-from lock releases nothing
    EXPECT_FALSE(DatabaseLock::acquire(db));
  }
  EXPECT_TRUE(DatabaseLock::acquire(db));
}

TEST(DatabaseLock, HoldsAgainstAnotherProcessAndDiesWithIt) {
  TempDir dir;
  const std::string db = dir.file("llmscope.db");
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // The child takes the lock, says so, and waits to be killed.
    auto lock = DatabaseLock::acquire(db);
    char ok = lock ? '1' : '0';
    (void)!::write(ready[1], &ok, 1);
    ::pause();
    ::_exit(0);
  }
  char ok = 0;
  ASSERT_EQ(::read(ready[0], &ok, 1), 1);
  ASSERT_EQ(ok, '1');
  auto refused = DatabaseLock::acquire(db);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().find("(process " + std::to_string(child) + ")"), std::string::npos)
      << refused.error();

  // Killed, not stopped cleanly: the lock goes with the process.
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  ::close(ready[0]);
  ::close(ready[1]);
  EXPECT_TRUE(DatabaseLock::acquire(db));
}

TEST(DatabaseLock, RefusesWhatSqliteWouldNotReadAsThisOneFile) {
  TempDir dir;
  EXPECT_NE(DatabaseLock::acquire("").error().find("empty"), std::string::npos);
  auto uri = DatabaseLock::acquire("file:" + dir.file("x.db"));
  ASSERT_FALSE(uri);
  EXPECT_NE(uri.error().find("not a SQLite URI"), std::string::npos) << uri.error();

  // A second name for the file (a hard link) would get its own lock and
  // its own -wal file.
  const std::string db = dir.file("x.db");
  std::ofstream(db).put('x');
  std::filesystem::create_hard_link(db, dir.file("other-name.db"));
  for (const std::string& name : {db, dir.file("other-name.db")}) {
    auto linked = DatabaseLock::acquire(name);
    ASSERT_FALSE(linked) << name;
    EXPECT_NE(linked.error().find("2 hard links"), std::string::npos) << linked.error();
  }
  std::filesystem::remove(dir.file("other-name.db"));
  EXPECT_TRUE(DatabaseLock::acquire(db));
}

TEST(DatabaseLock, AnInMemoryDatabaseNeedsNone) {
  auto a = DatabaseLock::acquire(":memory:");
  auto b = DatabaseLock::acquire(":memory:");
  EXPECT_TRUE(a);
  EXPECT_TRUE(b);
}

}  // namespace
}  // namespace llmscope::store
