// GET /api/system/history: the host readings the server kept, oldest first,
// with the key checked and unknown parameters refused.
#include <chrono>
#include <thread>

#include "core/time.hpp"
#include "server_fixture.hpp"

namespace llmscope::server {
namespace {

using nlohmann::json;

class SystemHistoryTest : public ServerTest {
 protected:
  // Waits (at most 10 s) until the history holds `n` readings.
  json history_of_at_least(std::size_t n) {
    json h;
    for (int i = 0; i < 200; ++i) {
      h = get_json("/api/system/history");
      if (h.size() >= n) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return h;
  }
};

TEST_F(SystemHistoryTest, ServesReadingsTwoSecondsApartOldestFirst) {
  auto h = history_of_at_least(2);
  ASSERT_GE(h.size(), 2u) << h.dump();
  for (const auto& r : h) {
    for (const char* field : {"cpu", "memory", "gpu", "gpu_memory"}) {
      ASSERT_TRUE(r[field].is_number()) << field << " in " << r.dump();
      EXPECT_GE(r[field].get<double>(), 0);
      EXPECT_LE(r[field].get<double>(), 100);
    }
    EXPECT_TRUE(r["gpu_available"].is_boolean());
    EXPECT_FALSE(r.contains("system"));  // as the stream's system event
  }
  EXPECT_GT(h[0]["memory"].get<double>(), 0);
  for (std::size_t i = 1; i < h.size(); ++i) {
    auto before = parse_iso8601(h[i - 1]["timestamp"].get<std::string>());
    auto after = parse_iso8601(h[i]["timestamp"].get<std::string>());
    ASSERT_TRUE(before && after);
    EXPECT_GE(*after - *before, 1500) << h.dump();  // one kept every 2 s
    EXPECT_LE(*after - *before, 4000) << h.dump();
  }
  auto newest = parse_iso8601(h.back()["timestamp"].get<std::string>());
  EXPECT_LE(now_ms() - *newest, 5000);
}

TEST_F(SystemHistoryTest, NeedsTheKeyAndRefusesUnknownParameters) {
  httplib::Client anonymous("127.0.0.1", port_);
  EXPECT_EQ(anonymous.Get("/api/system/history")->status, 401);
  EXPECT_EQ(anonymous.Get("/api/system/history", {{"Authorization", "Bearer nope"}})->status, 403);
  auto r = client_->Get("/api/system/history?minutes=5");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(json::parse(r->body)["error"], "minutes: unknown query parameter");
}

}  // namespace
}  // namespace llmscope::server
