// `llmscope serve` as a process: what a user sees on the first start.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

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
  std::string cmd = "cd " + dir.path().string() + " && env -u LLMSCOPE_API_KEY " +
                    LLMSCOPE_BINARY + " serve --no-probes --port " + std::to_string(port) +
                    " --database " + dir.file("data/llmscope.db") + " > out.txt 2>&1";
  int status = std::system(cmd.c_str());
  ::close(fd);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 1);
  EXPECT_FALSE(std::filesystem::exists(dir.file("data/api_key")));
}

}  // namespace
