// Regression tests for the faults a hostile new user found (see the issue
// notes): each names the fault it pins.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "server_fixture.hpp"

namespace llmscope::server {
namespace {

using nlohmann::json;

int connect_to(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

TEST_F(ServerTest, SecondServerOnATakenPortFailsInsteadOfSharingIt) {
  AppOptions o;
  o.config.port = port_;
  o.config.database_path = dir_.file("other.db");
  o.api_key = "other";
  o.probes = false;
  auto other = App::create(o);
  ASSERT_TRUE(other) << other.error();
  auto bound = (*other)->bind();
  EXPECT_FALSE(bound);
  EXPECT_NE(bound.error().find("cannot listen"), std::string::npos);
}

TEST_F(ServerTest, SecondServerOnTheSameDatabaseIsRefused) {
  AppOptions o;
  o.config.port = 0;
  o.config.database_path = dir_.file("data/llmscope.db");  // the running one's
  o.api_key = "other";
  o.probes = false;
  auto other = App::create(o);
  ASSERT_FALSE(other);
  EXPECT_NE(other.error().find("already served by another llmscope"), std::string::npos)
      << other.error();
  // The running server is untouched.
  EXPECT_EQ(client_->Get("/health")->status, 200);

  // Once it stops, the file may be served again.
  stop();
  auto next = App::create(o);
  EXPECT_TRUE(next) << (next ? "" : next.error());
}

TEST_F(ServerTest, AnOverlongUrlIsNamedAsSuch) {
  const std::string model(70'000, 'L');
  auto r = client_->Get(("/api/stats/spc?provider=p&model=" + model).c_str());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 414);
  EXPECT_NE(json::parse(r->body)["error"].get<std::string>().find("shorten the URL"),
            std::string::npos)
      << r->body;
  // Nothing else is affected.
  EXPECT_EQ(client_->Get("/health")->status, 200);
}

// One whole answer from a raw socket: the head, then Content-Length bytes
// of body (the server may send them in separate writes).
std::string read_answer(int fd) {
  timeval wait{2, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
  std::string answer;
  char buf[1024];
  for (;;) {
    auto head_end = answer.find("\r\n\r\n");
    if (head_end != std::string::npos) {
      auto at = answer.find("Content-Length: ");
      std::size_t length = at == std::string::npos ? 0 : std::stoul(answer.substr(at + 16));
      if (answer.size() >= head_end + 4 + length) return answer;
    }
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return answer;
    answer.append(buf, static_cast<std::size_t>(n));
  }
}

TEST_F(ServerTest, MalformedRequestLinesGet400NotALengthComplaint) {
  for (std::string line : {"GET / HTTP/9.9", "GET /", "GET / FOO", "GET / HTTP/1.1 extra"}) {
    int fd = connect_to(port_);
    ASSERT_GE(fd, 0);
    std::string req = line + "\r\nHost: x\r\n\r\n";
    ASSERT_EQ(::send(fd, req.data(), req.size(), 0), static_cast<ssize_t>(req.size()));
    std::string answer = read_answer(fd);
    ::close(fd);
    EXPECT_EQ(answer.rfind("HTTP/1.1 400", 0), 0u) << line << ": " << answer;
    EXPECT_NE(answer.find("malformed request"), std::string::npos) << line << ": " << answer;
  }
  EXPECT_EQ(client_->Get("/health")->status, 200);
}

TEST_F(ServerTest, IdleConnectionsDoNotStarveTheApi) {
  std::vector<int> idle;  // a dozen clients that open and say nothing
  for (int i = 0; i < 12; ++i) idle.push_back(connect_to(port_));
  for (int i = 0; i < 5; ++i) {
    auto r = client_->Get("/health");
    ASSERT_TRUE(r) << "request " << i << " got no answer";
    EXPECT_EQ(r->status, 200);
  }
  for (int fd : idle) ::close(fd);
}

TEST_F(ServerTest, ChunkedBodiesCannotSlipPastTheSizeLimit) {
  int fd = connect_to(port_);
  ASSERT_GE(fd, 0);
  std::string req = std::string("POST /api/stats HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ") +
                    kKey +
                    "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                    "1d\r\n{\"model\":\"m\",\"latency_ms\":1}\r\n0\r\n\r\n";
  ASSERT_EQ(::send(fd, req.data(), req.size(), 0), static_cast<ssize_t>(req.size()));
  std::string answer = read_answer(fd);
  ::close(fd);
  EXPECT_EQ(answer.rfind("HTTP/1.1 411", 0), 0u) << answer;
  EXPECT_EQ(records(), 0);
}

TEST_F(ServerTest, AuthSchemeIsCaseInsensitiveAnd401SaysHowToAuthenticate) {
  httplib::Client anon("127.0.0.1", port_);
  auto lower = anon.Get("/api/stats", {{"Authorization", std::string("bearer ") + kKey}});
  EXPECT_EQ(lower->status, 200);
  auto none = anon.Get("/api/stats");
  EXPECT_EQ(none->status, 401);
  EXPECT_EQ(none->get_header_value("WWW-Authenticate"), "Bearer");
  EXPECT_EQ(none->get_header_value("X-Content-Type-Options"), "nosniff");
}

TEST_F(ServerTest, ApiLookingPathsNeverGetTheDashboard) {
  for (const char* path : {"/api", "/API/stats", "/Api/violations"}) {
    auto r = client_->Get(path);
    EXPECT_EQ(r->status, 404) << path;
    EXPECT_TRUE(json::parse(r->body).contains("error")) << path;
  }
}

TEST_F(ServerTest, UnsupportedMethodsAnswer405) {
  auto r = client_->Patch("/api/models", "{}", "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 405);
  EXPECT_NE(json::parse(r->body)["error"].get<std::string>().find("PATCH"), std::string::npos);
}

TEST_F(ServerTest, AbsurdFiguresAndClocksAreRefused) {
  EXPECT_EQ(post("/api/stats", {{"model", "m"}, {"latency_ms", 1e308}})->status, 400);
  EXPECT_EQ(
      post("/api/stats", {{"model", "m"}, {"latency_ms", 1}, {"timestamp", "0000-01-01T00:00:00Z"}})
          ->status,
      400);
  EXPECT_EQ(
      post("/api/stats", {{"model", "m"}, {"latency_ms", 1}, {"timestamp", "2100-01-01T00:00:00Z"}})
          ->status,
      400);
  EXPECT_EQ(post("/api/stats", {{"model", "a\nb"}, {"latency_ms", 1}})->status, 400);
  EXPECT_EQ(records(), 0);
  EXPECT_EQ(post("/api/stats", {{"model", "m"}, {"latency_ms", 9.9e11}})->status, 200);
}

TEST_F(ServerTest, ProbeTargetsCannotInjectHeadersOrReadTheEnvironment) {
  json base = {{"provider", "openai"}, {"base_url", "http://127.0.0.1:9"}, {"model", "x"}};
  auto with = [&](const char* key, json value) {
    json b = base;
    b[key] = std::move(value);
    return post("/api/models", b);
  };
  auto inject = with("headers", {{"X-A", "1\r\nX-Injected: yes"}});
  EXPECT_EQ(inject->status, 400);
  EXPECT_NE(json::parse(inject->body)["error"].get<std::string>().find("headers"),
            std::string::npos);
  EXPECT_EQ(with("headers", {{"Bad Name:", "1"}})->status, 400);
  auto env = with("api_key_env", "HOME");
  EXPECT_EQ(env->status, 400);
  EXPECT_NE(json::parse(env->body)["error"].get<std::string>().find("api_key_env"),
            std::string::npos);
  EXPECT_EQ(with("base_url", "http://")->status, 400);
  EXPECT_EQ(with("base_url", "http://a b")->status, 400);
  EXPECT_EQ(with("name", "   ")->status, 400);
  EXPECT_EQ(get_json("/api/models").size(), 0u);
}

TEST_F(ServerTest, UnknownRuleFiltersAreErrorsAndNamesAreNormalised) {
  EXPECT_EQ(client_->Get("/api/violations?rule=R99")->status, 400);
  EXPECT_EQ(client_->Get("/api/violations?rule=r1")->status, 200);
}

TEST_F(ServerTest, ABlankAcknowledgerIsRefused) {
  json batch = json::array();
  for (int i = 0; i < 30; ++i) batch.push_back({{"model", "m"}, {"latency_ms", 100 + i % 3}});
  batch.push_back({{"model", "m"}, {"latency_ms", 9000}});
  ASSERT_EQ(post("/api/stats", batch)->status, 200);
  auto id = std::to_string(get_json("/api/violations")[0]["id"].get<int>());
  EXPECT_EQ(post("/api/violations/" + id + "/acknowledge", {{"acknowledged_by", "\n\t "}})->status,
            400);
}

}  // namespace
}  // namespace llmscope::server
