// GET /api/stream: a posted sample arrives as an event; a closed
// connection is cleaned up; the number of streams is bounded.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "server_fixture.hpp"

namespace llmscope::server {
namespace {

using namespace std::chrono_literals;

// Reads /api/stream on its own thread and collects what arrives, until
// cancelled (the content receiver returns false, which drops the
// connection the way a closed browser tab does).
class StreamReader {
 public:
  StreamReader(int port, const char* key) : client_("127.0.0.1", port) {
    client_.set_default_headers({{"Authorization", std::string("Bearer ") + key}});
    client_.set_read_timeout(30, 0);
    thread_ = std::thread([this] {
      auto r = client_.Get("/api/stream", [this](const char* data, size_t n) {
        std::lock_guard lock(mutex_);
        text_.append(data, n);
        return !cancel_.load();
      });
      std::lock_guard lock(mutex_);
      if (r) status_ = r->status;
    });
  }
  ~StreamReader() { close(); }

  // Waits until `needle` has arrived; false after 10 s.
  bool wait_for(const std::string& needle) {
    for (int i = 0; i < 1000; ++i) {
      if (text().find(needle) != std::string::npos) return true;
      std::this_thread::sleep_for(10ms);
    }
    return false;
  }
  std::string text() {
    std::lock_guard lock(mutex_);
    return text_;
  }
  void close() {
    cancel_ = true;
    if (thread_.joinable()) thread_.join();
  }

 private:
  httplib::Client client_;
  std::thread thread_;
  std::mutex mutex_;
  std::string text_;
  int status_ = 0;
  std::atomic<bool> cancel_{false};
};

class StreamTest : public ServerTest {
 protected:
  std::int64_t open_streams() {
    return get_json("/api/stream/status")["streams"].get<std::int64_t>();
  }
  bool streams_become(std::int64_t n) {
    for (int i = 0; i < 1000; ++i) {
      if (open_streams() == n) return true;
      std::this_thread::sleep_for(10ms);
    }
    return false;
  }
};

TEST_F(StreamTest, NeedsTheKey) {
  httplib::Client anonymous("127.0.0.1", port_);
  auto r = anonymous.Get("/api/stream");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
}

TEST_F(StreamTest, PostedSampleArrivesAsAnEvent) {
  StreamReader reader(port_, kKey);
  ASSERT_TRUE(reader.wait_for(": connected"));
  ASSERT_TRUE(streams_become(1));

  auto r = post("/api/stats", {{"provider", "p"}, {"model", "stream-me"}, {"latency_ms", 812.5}});
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;

  ASSERT_TRUE(reader.wait_for("\"model\":\"stream-me\"")) << reader.text();
  std::string text = reader.text();
  auto at = text.find("event: sample\ndata: {");
  ASSERT_NE(at, std::string::npos) << text;
  auto line_end = text.find('\n', at + 14);
  auto event = nlohmann::json::parse(text.substr(at + 20, line_end - at - 20));
  EXPECT_EQ(event["model"], "stream-me");
  EXPECT_DOUBLE_EQ(event["latency_ms"].get<double>(), 812.5);
}

TEST_F(StreamTest, SendsHostTelemetry) {
  StreamReader reader(port_, kKey);
  EXPECT_TRUE(reader.wait_for("event: system\ndata: {\"cpu\":")) << reader.text();
}

TEST_F(StreamTest, SystemEventsAreTheReadingsOfTheHistory) {
  // Two system events, then the history: it holds both, same timestamps, so
  // a page can join what it loaded with what streams in without doubles.
  StreamReader reader(port_, kKey);
  std::vector<std::string> streamed;
  for (int i = 0; i < 1000 && streamed.size() < 2; ++i) {
    std::this_thread::sleep_for(10ms);
    streamed.clear();
    std::string text = reader.text();
    for (std::size_t at = 0; (at = text.find("event: system\ndata: ", at)) != std::string::npos;) {
      at += 20;
      auto end = text.find('\n', at);
      if (end == std::string::npos) break;
      streamed.push_back(nlohmann::json::parse(text.substr(at, end - at))["timestamp"]);
    }
  }
  ASSERT_GE(streamed.size(), 2u) << reader.text();
  EXPECT_NE(streamed[0], streamed[1]);
  auto history = get_json("/api/system/history");
  std::vector<std::string> kept;
  for (const auto& r : history) kept.push_back(r["timestamp"]);
  for (const auto& t : streamed)
    EXPECT_NE(std::find(kept.begin(), kept.end(), t), kept.end()) << t << " not in history";
}

TEST_F(StreamTest, OpenedEpisodeArrivesAsViolation) {
  nlohmann::json batch = nlohmann::json::array();
  for (int i = 0; i < 30; ++i)
    batch.push_back({{"provider", "p"}, {"model", "m"}, {"latency_ms", 100 + (i % 5)}});
  ASSERT_EQ(post("/api/stats", batch)->status, 200);

  StreamReader reader(port_, kKey);
  ASSERT_TRUE(reader.wait_for(": connected"));
  ASSERT_TRUE(streams_become(1));
  auto r = post("/api/stats", {{"provider", "p"}, {"model", "m"}, {"latency_ms", 5000}});
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_TRUE(reader.wait_for("event: violation\ndata: {")) << reader.text();
  EXPECT_NE(reader.text().find("\"rule\":\"R1\""), std::string::npos);
}

TEST_F(StreamTest, DisconnectIsCleanedUp) {
  {
    StreamReader reader(port_, kKey);
    ASSERT_TRUE(reader.wait_for(": connected"));
    ASSERT_TRUE(streams_become(1));
    reader.close();
  }
  // The server notices at its next write (at most a few seconds).
  EXPECT_TRUE(streams_become(0));
  // The worker is free again: the API still answers.
  EXPECT_EQ(records(), 0);
}

TEST_F(StreamTest, NumberOfStreamsIsBounded) {
  auto max = get_json("/api/stream/status")["max_streams"].get<int>();
  std::vector<std::unique_ptr<StreamReader>> readers;
  for (int i = 0; i < max; ++i) {
    readers.push_back(std::make_unique<StreamReader>(port_, kKey));
    ASSERT_TRUE(readers.back()->wait_for(": connected"));
  }
  auto r = client_->Get("/api/stream");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 503);
  EXPECT_NE(r->body.find("too many open streams"), std::string::npos);
  EXPECT_EQ(records(), 0);  // other routes still have workers
}

TEST_F(StreamTest, StopEndsOpenStreams) {
  StreamReader reader(port_, kKey);
  ASSERT_TRUE(reader.wait_for(": connected"));
  auto started = std::chrono::steady_clock::now();
  stop();  // joins the server thread: must not hang on the stream
  EXPECT_LT(std::chrono::steady_clock::now() - started, 10s);
  reader.close();
}

}  // namespace
}  // namespace llmscope::server
