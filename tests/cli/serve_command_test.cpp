// `llmscope serve` as a process: what a user sees on the first start.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "store/database_lock.hpp"
#include "temp_dir.hpp"

namespace {

// Listens on a free loopback port, holding it; returns the fd and port.
std::pair<int, int> occupy_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  ::listen(fd, 1);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  return {fd, ntohs(addr.sin_port)};
}

TEST(ServeCommand, AFailedFirstStartKeepsNoUnseenKey) {
  llmscope::testing::TempDir dir;
  auto [fd, port] = occupy_port();
  std::string cmd = "cd " + dir.path().string() + " && env -u LLMSCOPE_API_KEY " + LLMSCOPE_BINARY +
                    " serve --no-probes --port " + std::to_string(port) + " --database " +
                    dir.file("data/llmscope.db") + " > out.txt 2>&1";
  int status = std::system(cmd.c_str());
  ::close(fd);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 1);
  EXPECT_FALSE(std::filesystem::exists(dir.file("data/api_key")));
}

TEST(ServeCommand, AStartRefusedForATakenDatabaseTouchesNoKey) {
  llmscope::testing::TempDir dir;
  const std::string db = dir.file("data/llmscope.db");
  // Another server holds the database (here: this test process).
  auto held = llmscope::store::DatabaseLock::acquire(db);
  ASSERT_TRUE(held) << held.error();
  auto run = [&] {
    std::string cmd = "cd " + dir.path().string() + " && env -u LLMSCOPE_API_KEY " +
                      LLMSCOPE_BINARY + " serve --no-probes --port 0 --database " + db +
                      " > out.txt 2>&1";
    int status = std::system(cmd.c_str());
    std::ifstream out(dir.file("out.txt"));
    std::string text((std::istreambuf_iterator<char>(out)), {});
    EXPECT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 1) << text;
    EXPECT_NE(text.find("is already served by another llmscope"), std::string::npos) << text;
    return text;
  };

  // No key yet: none is generated, shown or left behind.
  std::string first = run();
  EXPECT_EQ(first.find("A new API key"), std::string::npos) << first;
  EXPECT_FALSE(std::filesystem::exists(dir.file("data/api_key")));

  // The lock is checked before the key is even read: an unreadable key
  // (here a folder in its place) is not what this start reports.
  std::filesystem::create_directories(dir.file("data/api_key"));
  run();
  std::filesystem::remove(dir.file("data/api_key"));

  // The running server's key stays as it is.
  std::ofstream(dir.file("data/api_key")) << "the-running-servers-key\n";
  run();
  std::ifstream key(dir.file("data/api_key"));
  std::string kept;
  std::getline(key, kept);
  EXPECT_EQ(kept, "the-running-servers-key");
}

}  // namespace
