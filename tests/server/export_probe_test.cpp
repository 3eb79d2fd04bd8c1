// GET /api/export/samples (RFC 4180 CSV) and POST /api/models/{id}/probe.
#include <fstream>
#include <sstream>

#include "recorded_upstream.hpp"
#include "server_fixture.hpp"

namespace llmscope::server {
namespace {

using nlohmann::json;

class ExportSamplesTest : public ServerTest {};

TEST_F(ExportSamplesTest, WritesEverySampleOfTheSeriesAsCsv) {
  json batch = json::array();
  batch.push_back({{"provider", "p"}, {"model", "m"}, {"latency_ms", 812.5}, {"ttft_ms", 90}});
  batch.push_back({{"provider", "p"}, {"model", "m"}, {"success", false},
                   {"error", "=HYPERLINK(\"x\"), then \"quotes\""}});
  batch.push_back({{"provider", "p"}, {"model", "other"}, {"latency_ms", 1}});
  ASSERT_EQ(post("/api/stats", batch)->status, 200);

  auto r = client_->Get("/api/export/samples?provider=p&model=m&hours=1");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(r->get_header_value("Content-Type").rfind("text/csv", 0), 0u);
  EXPECT_NE(r->get_header_value("Content-Disposition").find("samples.csv"), std::string::npos);

  std::vector<std::string> lines;
  std::istringstream in(r->body);
  for (std::string line; std::getline(in, line, '\n');) {
    ASSERT_FALSE(line.empty());
    ASSERT_EQ(line.back(), '\r');  // CRLF
    lines.push_back(line.substr(0, line.size() - 1));
  }
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].rfind("id,timestamp,provider,model,success,latency_ms,ttft_ms,", 0), 0u);
  EXPECT_NE(lines[1].find(",p,m,true,812.5,90.0,"), std::string::npos) << lines[1];
  // Quoted (comma, quotes doubled) and defused as a formula.
  EXPECT_NE(lines[2].find(",\"'=HYPERLINK(\"\"x\"\"), then \"\"quotes\"\"\","),
            std::string::npos)
      << lines[2];
}

TEST_F(ExportSamplesTest, RejectsBadFilters) {
  EXPECT_EQ(client_->Get("/api/export/samples?since=yesterday")->status, 400);
  EXPECT_EQ(client_->Get("/api/export/samples?hours=0")->status, 400);
  EXPECT_EQ(client_->Get("/api/export/samples?colour=red")->status, 400);
}

class ProbeNowTest : public ServerTest {
 protected:
  RecordedUpstream ollama_{"/api/generate", "ollama_generate_stream.ndjson",
                           "application/x-ndjson"};
};

TEST_F(ProbeNowTest, AnswersTheTimingBreakdownWithoutStoringIt) {
  auto created = post("/api/models", {{"provider", "ollama"},
                                      {"base_url", ollama_.base_url()},
                                      {"model", "llama3.2:1b"},
                                      {"enabled", false}});
  ASSERT_EQ(created->status, 201) << created->body;
  auto id = json::parse(created->body)["id"].get<std::int64_t>();

  auto r = client_->Post(("/api/models/" + std::to_string(id) + "/probe").c_str(), "",
                         "application/json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  auto report = json::parse(r->body);
  EXPECT_EQ(report["success"], true) << r->body;
  EXPECT_GT(report["timing"]["ttft_ms"].get<double>(), 0);
  EXPECT_GE(report["timing"]["e2e_ms"].get<double>(), report["timing"]["ttft_ms"].get<double>());
  EXPECT_NE(report["report"].get<std::string>().find("ms"), std::string::npos);
  EXPECT_EQ(records(), 0);  // not stored
}

TEST_F(ProbeNowTest, UnknownModelIs404) {
  auto r = client_->Post("/api/models/999/probe", "", "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
}

}  // namespace
}  // namespace llmscope::server
