// The HTTP contract: keys, errors, samples in, violations workflow, models.
#include "server_fixture.hpp"

namespace llmscope::server {
namespace {

using nlohmann::json;

TEST_F(ServerTest, HealthNeedsNoKeyButApiRoutesDo) {
  httplib::Client anon("127.0.0.1", port_);
  auto health = anon.Get("/health");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(json::parse(health->body)["status"], "ok");
  EXPECT_EQ(json::parse(health->body)["mode"], "live");

  auto missing = anon.Get("/api/stats");
  EXPECT_EQ(missing->status, 401);
  EXPECT_NE(json::parse(missing->body)["error"].get<std::string>().find("API key"),
            std::string::npos);
  auto wrong = anon.Get("/api/stats", {{"Authorization", "Bearer nope"}});
  EXPECT_EQ(wrong->status, 403);
  auto posted = anon.Post("/api/stats", R"({"model":"m","latency_ms":1})", "application/json");
  EXPECT_EQ(posted->status, 401);
  EXPECT_EQ(records(), 0);
}

TEST_F(ServerTest, UnknownRoutesAnswerJson404) {
  auto r = client_->Get("/api/nothing-here");
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(json::parse(r->body)["error"], "no route GET /api/nothing-here");
  auto del = client_->Delete("/api/stats");
  EXPECT_EQ(del->status, 404);
}

TEST_F(ServerTest, StoresOneSampleWithTheOriginalsFields) {
  auto r = post("/api/stats", {{"provider", "ollama"}, {"model", "llama3.2:1b"},
                               {"timestamp", "2026-12-04T15:00:00+01:00"},
                               {"latency_ms", 812.4}, {"ttft_ms", 143.0},
                               {"eval_count", 31}, {"error", nullptr}});
  ASSERT_EQ(r->status, 200) << r->body;
  auto body = json::parse(r->body);
  EXPECT_EQ(body["logged"], true);
  EXPECT_EQ(body["id"], 1);
  EXPECT_EQ(body["violations_detected"], 0);
  auto stats = get_json("/api/stats");
  EXPECT_EQ(stats["records"], 1);
  EXPECT_DOUBLE_EQ(stats["avg_latency"].get<double>(), 812.4);
  auto series = get_json("/api/series");
  ASSERT_EQ(series.size(), 1u);
  EXPECT_EQ(series[0]["last_timestamp"], "2026-12-04T14:00:00.000Z");
}

struct BadBody {
  const char* body;
  const char* content_type;
  const char* error_mentions;
};

TEST_F(ServerTest, BadSamplesAreRefusedWithTheFieldNamedAndNothingStored) {
  const BadBody cases[] = {
      {R"({"model":"m","latency_ms":)", "application/json", "malformed JSON"},
      {R"({"model":"m","latency_ms":NaN})", "application/json", "malformed JSON"},
      {R"({"latency_ms":5})", "application/json", "model: required"},
      {R"({"model":"m"})", "application/json", "latency_ms: required"},
      {R"({"model":"m","latency_ms":-1})", "application/json", "latency_ms"},
      {R"({"model":"m","latency_ms":"fast"})", "application/json", "latency_ms: must be a number"},
      {R"({"model":7,"latency_ms":1})", "application/json", "model: must be a string"},
      {R"({"model":"m","latency_ms":1,"colour":"red"})", "application/json", "colour: unknown"},
      {R"({"model":"m","latency_ms":1,"timestamp":"yesterday"})", "application/json",
       "timestamp"},
      {R"({"model":"m","latency_ms":1,"cpu_percent":150})", "application/json", "cpu_percent"},
      {R"({"model":"m","latency_ms":1,"success":"yes"})", "application/json", "success"},
      {R"({"model":"m","latency_ms":1,"output_tokens":1.5})", "application/json",
       "output_tokens: must be an integer"},
      {R"({"model":"m","latency_ms":1,"http_status":99})", "application/json", "http_status"},
      {R"({"model":"m","latency_ms":1e999})", "application/json", "malformed JSON"},
      {R"([])", "application/json", "empty batch"},
      {R"("text")", "application/json", "JSON object"},
      {R"([{"model":"m","latency_ms":1},{"model":"m","latency_ms":-5}])", "application/json",
       "item 1: latency_ms"},
      {"{\"model\":\"m\",\"latency_ms\":1}\n\n{\"model\":\"m\"}\n", "application/x-ndjson",
       "line 3: latency_ms: required"},
      {R"({"model":"m","latency_ms":1})", "text/plain", "Content-Type"},
  };
  for (const auto& c : cases) {
    auto r = client_->Post("/api/stats", c.body, c.content_type);
    ASSERT_TRUE(r);
    EXPECT_GE(r->status, 400) << c.body;
    EXPECT_LT(r->status, 500) << c.body;
    auto err = json::parse(r->body)["error"].get<std::string>();
    EXPECT_NE(err.find(c.error_mentions), std::string::npos) << c.body << " -> " << err;
  }
  EXPECT_EQ(records(), 0);
}

TEST_F(ServerTest, BatchesAreAllOrNothingAsArrayOrNdjson) {
  json batch = json::array();
  for (int i = 0; i < 5; ++i) batch.push_back({{"model", "m"}, {"latency_ms", 100 + i}});
  auto r = post("/api/stats", batch);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(json::parse(r->body)["logged"], 5);

  std::string nd = "{\"model\":\"m\",\"latency_ms\":1}\r\n{\"model\":\"n\",\"latency_ms\":2}\n";
  r = client_->Post("/api/stats", nd, "application/x-ndjson");
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(json::parse(r->body)["logged"], 2);
  EXPECT_EQ(records(), 7);
}

TEST_F(ServerTest, CurlsDefaultFormContentTypeIsReadAsJson) {
  // `curl -d '{...}'` without -H sends application/x-www-form-urlencoded.
  auto r = client_->Post("/api/stats", R"({"model":"m","latency_ms":12.5})",
                         "application/x-www-form-urlencoded");
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(records(), 1);
  auto bad = client_->Post("/api/stats", "model=m&latency_ms=1",
                           "application/x-www-form-urlencoded");
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(records(), 1);
}

TEST_F(ServerTest, AnEmptyWindowHasNoFigures) {
  auto chart = get_json("/api/stats/spc?model=nothing");
  EXPECT_EQ(chart["summary"]["count"], 0);
  EXPECT_TRUE(chart["summary"]["mean"].is_null());
  EXPECT_TRUE(chart["summary"]["p99"].is_null());
  EXPECT_TRUE(chart["spc"].is_null());
}

TEST_F(ServerTest, HugeBodiesAreRefused) {
  std::string big(2 << 20, ' ');
  auto r = client_->Post("/api/stats", big, "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_NE(json::parse(r->body)["error"].get<std::string>().find("larger than"),
            std::string::npos);
  EXPECT_EQ(records(), 0);
}

TEST_F(ServerTest, QueryParametersAreChecked) {
  const char* bad[] = {"/api/violations?limit=0", "/api/violations?limit=1001",
                       "/api/violations?acknowledged=maybe", "/api/violations?colour=red",
                       "/api/violations?state=gone", "/api/stats/spc?metric=speed",
                       "/api/stats/spc?hours=-1", "/api/stats/spc?hours=abc",
                       "/api/stats?x=1"};
  for (const char* path : bad) {
    auto r = client_->Get(path);
    EXPECT_EQ(r->status, 400) << path;
    EXPECT_TRUE(json::parse(r->body).contains("error")) << path;
  }
}

TEST_F(ServerTest, ModelsCanBeAddedChangedAndDeletedWithChecks) {
  json model = {{"provider", "openai"}, {"base_url", "http://127.0.0.1:9"},
                {"model", "qwen2.5"}, {"interval_s", 5}};
  auto r = post("/api/models", model);
  ASSERT_EQ(r->status, 201) << r->body;
  auto created = json::parse(r->body);
  EXPECT_EQ(created["name"], "openai/qwen2.5");
  EXPECT_EQ(post("/api/models", model)->status, 409);  // same name

  json bad_provider = model;
  bad_provider["provider"] = "bard";
  bad_provider["name"] = "x";
  EXPECT_EQ(post("/api/models", bad_provider)->status, 400);
  EXPECT_EQ(post("/api/models", {{"provider", "ollama"}, {"model", "x"}})->status, 400);
  json bad_url = {{"provider", "ollama"}, {"base_url", "ftp://x"}, {"model", "x"}};
  EXPECT_EQ(post("/api/models", bad_url)->status, 400);

  std::string path = "/api/models/" + std::to_string(created["id"].get<int>());
  auto put = client_->Put(path.c_str(), R"({"enabled":false,"max_tokens":64})",
                          "application/json");
  ASSERT_EQ(put->status, 200) << put->body;
  auto list = get_json("/api/models");
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["enabled"], false);
  EXPECT_EQ(list[0]["max_tokens"], 64);
  EXPECT_EQ(list[0]["model"], "qwen2.5");

  EXPECT_EQ(client_->Put("/api/models/999", "{}", "application/json")->status, 404);
  EXPECT_EQ(client_->Delete(path.c_str())->status, 200);
  EXPECT_EQ(get_json("/api/models").size(), 0u);
}

TEST_F(ServerTest, SystemReportsHostTelemetry) {
  auto sys = get_json("/api/system");
  EXPECT_GE(sys["cpu"].get<double>(), 0);
  EXPECT_GT(sys["memory"].get<double>(), 0);
  EXPECT_EQ(sys["system"], "Linux");
  EXPECT_TRUE(sys.contains("gpu"));
  EXPECT_TRUE(sys.contains("gpu_memory"));
}

TEST_F(ServerTest, ServesTheDashboardShellForNonApiPaths) {
  httplib::Client anon("127.0.0.1", port_);
  auto r = anon.Get("/violations/3");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_NE(r->get_header_value("Content-Type").find("text/html"), std::string::npos);
}

}  // namespace
}  // namespace llmscope::server
