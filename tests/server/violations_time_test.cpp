// GET /api/violations and /api/export/violations filtered by time in the
// store: since / until bound the opening point's timestamp, inclusively,
// before the limit applies; bad times are 400 naming the parameter.
#include <string>
#include <vector>

#include "core/time.hpp"
#include "server_fixture.hpp"

namespace llmscope::server {
namespace {

using nlohmann::json;

constexpr EpochMs kMinute = 60'000;

class ViolationsTimeTest : public ServerTest {
 protected:
  // Three series, each 30 quiet points a second apart and then a spike
  // that opens an R1 episode: model a at base + 10 min, b at + 40, c at + 70.
  void SetUp() override {
    ServerTest::SetUp();
    base_ = (now_ms() - 3 * 60 * kMinute) / 1000 * 1000;
    for (auto [model, minutes] : {std::pair{"a", 10}, {"b", 40}, {"c", 70}}) {
      EpochMs spike = base_ + minutes * kMinute;
      json batch = json::array();
      for (int i = 0; i < 30; ++i)
        batch.push_back({{"provider", "p"},
                         {"model", model},
                         {"latency_ms", 100 + (i * 3) % 5},
                         {"timestamp", format_iso8601(spike - (30 - i) * 1000)}});
      batch.push_back({{"provider", "p"},
                       {"model", model},
                       {"latency_ms", 5000},
                       {"timestamp", format_iso8601(spike)}});
      auto r = post("/api/stats", batch);
      ASSERT_EQ(r->status, 200) << r->body;
      ASSERT_EQ(json::parse(r->body)["violations_opened"], 1) << model;
    }
  }

  // The models of the violations listed at `query`, newest first.
  std::vector<std::string> models(const std::string& query) {
    std::vector<std::string> out;
    for (const auto& v : get_json("/api/violations" + query)) out.push_back(v["model"]);
    return out;
  }
  std::string at(int minutes) { return format_iso8601(base_ + minutes * kMinute); }

  EpochMs base_ = 0;
};

using Models = std::vector<std::string>;

TEST_F(ViolationsTimeTest, WithoutBoundsEveryViolationIsListed) {
  EXPECT_EQ(models(""), (Models{"c", "b", "a"}));
}

TEST_F(ViolationsTimeTest, SinceAndUntilBoundTheOpeningTimestamp) {
  EXPECT_EQ(models("?since=" + at(30)), (Models{"c", "b"}));
  EXPECT_EQ(models("?until=" + at(30)), (Models{"a"}));
  EXPECT_EQ(models("?since=" + at(30) + "&until=" + at(60)), (Models{"b"}));
  EXPECT_EQ(models("?since=" + at(71)), Models{});
  // Combined with the other filters.
  EXPECT_EQ(models("?since=" + at(0) + "&model=a&rule=R1"), (Models{"a"}));
  EXPECT_EQ(models("?since=" + at(30) + "&model=a"), Models{});
}

TEST_F(ViolationsTimeTest, BoundsAreInclusiveToTheMillisecond) {
  std::string b = at(40);
  EXPECT_EQ(models("?since=" + b + "&until=" + b), (Models{"b"}));
  std::string just_after = format_iso8601(base_ + 40 * kMinute + 1);
  std::string just_before = format_iso8601(base_ + 40 * kMinute - 1);
  EXPECT_EQ(models("?since=" + just_after + "&until=" + at(60)), Models{});
  EXPECT_EQ(models("?since=" + at(20) + "&until=" + just_before), Models{});
}

TEST_F(ViolationsTimeTest, AnOffsetOrNoZoneReadsAsTheSameInstant) {
  // base + 40 min written as UTC without a zone, and as +02:00.
  std::string utc = at(40);
  std::string no_zone = utc.substr(0, utc.size() - 1);  // drop the Z
  EXPECT_EQ(models("?since=" + no_zone + "&until=" + no_zone), (Models{"b"}));
  EpochMs plus_two = base_ + 40 * kMinute + 2 * 60 * kMinute;
  std::string local = format_iso8601(plus_two);
  local = local.substr(0, local.size() - 1) + "%2B02:00";  // '+' escaped in a URL
  EXPECT_EQ(models("?since=" + local + "&until=" + local), (Models{"b"}));
}

TEST_F(ViolationsTimeTest, TheTimeFilterAppliesBeforeTheLimit) {
  // The newest violation up to 60 min is b, although c is newer overall.
  EXPECT_EQ(models("?until=" + at(60) + "&limit=1"), (Models{"b"}));
  EXPECT_EQ(models("?until=" + at(60) + "&limit=1&offset=1"), (Models{"a"}));
}

TEST_F(ViolationsTimeTest, TheCsvExportTakesTheSameBounds) {
  auto r = client_->Get(("/api/export/violations?since=" + at(30) + "&until=" + at(60)).c_str());
  ASSERT_EQ(r->status, 200) << r->body;
  // The header line and b's line.
  std::size_t lines = 0;
  for (std::size_t at = 0; (at = r->body.find("\r\n", at)) != std::string::npos; at += 2) ++lines;
  EXPECT_EQ(lines, 2u) << r->body;
  EXPECT_NE(r->body.find(",p,b,"), std::string::npos) << r->body;
  EXPECT_EQ(r->body.find(",p,a,"), std::string::npos) << r->body;

  auto bad = client_->Get("/api/export/violations?until=soon");
  EXPECT_EQ(bad->status, 400);
  EXPECT_NE(json::parse(bad->body)["error"].get<std::string>().find("until"), std::string::npos);
}

TEST_F(ViolationsTimeTest, BadTimesAre400NamingTheParameter) {
  const std::pair<std::string, std::string> cases[] = {
      {"?since=yesterday", "since: not an ISO 8601 time"},
      {"?until=2026-13-01T00:00:00Z", "until: not an ISO 8601 time"},
      {"?since=", "since: not an ISO 8601 time"},
      {"?since=" + at(10) + "&since=" + at(20), "since: given more than once"},
      {"?since=" + at(60) + "&until=" + at(30), "until: before since"},
      {"?from=" + at(10), "from: unknown query parameter"},
  };
  for (const auto& [query, error] : cases) {
    auto r = client_->Get(("/api/violations" + query).c_str());
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << query;
    EXPECT_NE(json::parse(r->body)["error"].get<std::string>().find(error), std::string::npos)
        << query << " -> " << r->body;
  }
  // Nothing changed: all three are still there.
  EXPECT_EQ(models("").size(), 3u);
}

}  // namespace
}  // namespace llmscope::server
