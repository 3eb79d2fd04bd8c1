#include "probe/probe_request.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <nlohmann/json.hpp>

namespace llmscope::probe {
namespace {

using nlohmann::json;

ProbeTarget target(std::string provider, std::string url) {
  ProbeTarget t;
  t.provider = std::move(provider);
  t.base_url = std::move(url);
  t.model = "m1";
  t.prompt = "hi";
  t.max_tokens = 7;
  return t;
}

bool has_header(const ProbeRequest& r, const std::string& line) {
  return std::find(r.headers.begin(), r.headers.end(), line) != r.headers.end();
}

TEST(ProbeRequest, OllamaGenerateStreamingBody) {
  auto req = build_probe_request(target("ollama", "http://localhost:11434/"));
  ASSERT_TRUE(req.has_value()) << req.error();
  EXPECT_EQ(req->url, "http://localhost:11434/api/generate");
  json body = json::parse(req->body);
  EXPECT_EQ(body, json::parse(R"({"model":"m1","prompt":"hi","stream":true,
                                  "options":{"num_predict":7}})"));
}

TEST(ProbeRequest, OpenAiChatStreamingBodyAsksForUsage) {
  auto req = build_probe_request(target("openai", "http://localhost:8080"));
  ASSERT_TRUE(req.has_value()) << req.error();
  EXPECT_EQ(req->url, "http://localhost:8080/v1/chat/completions");
  json body = json::parse(req->body);
  EXPECT_EQ(body, json::parse(R"({"model":"m1","stream":true,"max_tokens":7,
      "messages":[{"role":"user","content":"hi"}],
      "stream_options":{"include_usage":true}})"));
  EXPECT_TRUE(has_header(*req, "Accept: text/event-stream"));
}

TEST(ProbeRequest, BaseUrlEndingInV1IsNotDoubled) {
  auto req = build_probe_request(target("openai", "http://localhost:8080/v1/"));
  EXPECT_EQ(req->url, "http://localhost:8080/v1/chat/completions");
}

TEST(ProbeRequest, BearerKeyFromNamedEnvironmentVariableAndExtraHeaders) {
  ProbeTarget t = target("openai", "http://h");
  t.api_key_env = "LLMSCOPE_TEST_PROBE_KEY";
  t.headers = {{"X-Org", "lab"}};
  ::setenv("LLMSCOPE_TEST_PROBE_KEY", "sk-123", 1);
  auto req = build_probe_request(t);
  ::unsetenv("LLMSCOPE_TEST_PROBE_KEY");
  EXPECT_TRUE(has_header(*req, "Authorization: Bearer sk-123"));
  EXPECT_TRUE(has_header(*req, "X-Org: lab"));

  auto without = build_probe_request(t);  // variable unset: no header at all
  EXPECT_FALSE(std::any_of(without->headers.begin(), without->headers.end(),
                           [](const std::string& h) { return h.starts_with("Authorization"); }));
}

TEST(ProbeRequest, RejectsUnknownProviderAndEmptyFields) {
  EXPECT_FALSE(build_probe_request(target("mistral", "http://h")).has_value());
  EXPECT_FALSE(build_probe_request(target("ollama", "")).has_value());
  ProbeTarget no_model = target("ollama", "http://h");
  no_model.model.clear();
  EXPECT_FALSE(build_probe_request(no_model).has_value());
}

}  // namespace
}  // namespace llmscope::probe
