// Replays recorded streams from a real loopback server with the real
// inter-chunk gaps of a recorded Ollama stream, and checks that run_probe
// measures the time to first token and the inter-token latency that were
// served.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "loopback_server.hpp"
#include "probe/probe.hpp"
#include "replay_server.hpp"
#include "test_data.hpp"

namespace llmscope::probe {
namespace {

using nlohmann::json;
using std::chrono::duration;
using std::chrono::duration_cast;

// The recorded local qwen3:8b stream (448 chunks) that is both in
// api/ollama_generate_stream_long.ndjson and ollama_real_stream_chunks.csv.
constexpr const char* kStream = "2025-08-22T20:05:36.1507634Z";
constexpr std::size_t kChunks = 40;  // first 40 chunks: about a second
constexpr double kToleranceMs = 5.0;

using testing::ms_between;
using testing::report;
using testing::Schedule;
using testing::serve_schedule;
using testing::SteadyTime;

// Offsets of chunk i = (the server's wait before its first chunk) plus the
// recorded created_at gaps. The first wait is the real one: the first
// chunk's created_at minus the request's start (final created_at minus
// total_duration).
std::vector<double> recorded_offsets(std::size_t n) {
  std::vector<double> t = testing::recorded_chunk_times(kStream);
  EXPECT_EQ(t.size(), 448u);
  auto lines = testing::split_lines(testing::read_data("api/ollama_generate_stream_long.ndjson"));
  json last = json::parse(lines.back());
  double request_start = testing::seconds_of_day(last["created_at"].get<std::string>()) -
                         last["total_duration"].get<double>() / 1e9;
  double first_wait = t[0] - request_start;
  EXPECT_GT(first_wait, 0.0);
  EXPECT_LT(first_wait, 1.0);

  std::vector<double> offsets;
  for (std::size_t i = 0; i < n; ++i) {
    EXPECT_GE(t[i + 1], t[i]) << "chunk times out of order at " << i;
    offsets.push_back(first_wait + (t[i] - t[0]));
  }
  return offsets;
}

ProbeTarget target_for(const testing::LoopbackServer& server, const char* provider) {
  ProbeTarget t;
  t.provider = provider;
  t.base_url = server.url();
  t.model = provider == std::string("ollama") ? "qwen3:8b" : "gpt-4o";
  t.timeout_s = 10;
  return t;
}

TEST(ProbeReplay, OllamaRecordedGapsGiveTheServedTtftAndItl) {
  // The first kChunks chunks, then the recorded final object at the next
  // chunk's recorded time, its eval_count set as Ollama counts: the text
  // chunks served plus the end-of-sequence token of the final object (the
  // recording has 447 text chunks and eval_count 448).
  auto lines = testing::split_lines(testing::read_data("api/ollama_generate_stream_long.ndjson"));
  std::vector<double> offsets = recorded_offsets(kChunks + 1);
  Schedule s;
  for (std::size_t i = 0; i < kChunks; ++i) s.pieces.push_back(lines[i] + "\n");
  json last = json::parse(lines.back());
  last["eval_count"] = kChunks + 1;
  s.pieces.push_back(last.dump() + "\n");
  s.offset_s = offsets;

  testing::LoopbackServer server;
  std::string request_body;
  serve_schedule(server, "/api/generate", "application/x-ndjson", s, request_body);
  server.start();
  SteadyTime call = std::chrono::steady_clock::now();
  ProbeOutcome out = run_probe(target_for(server, "ollama"));

  // What was served: first text is piece 0, last text piece kChunks-1, the
  // last token (the final object) piece kChunks.
  double ttft = ms_between(call, s.written_at(0));
  double e2e = ms_between(call, s.written_at(kChunks - 1));
  double itl = (ms_between(call, s.written_at(kChunks)) - ttft) / kChunks;
  double recorded_itl = (offsets[kChunks] - offsets[0]) * 1000 / kChunks;

  ASSERT_TRUE(out.sample.success) << out.sample.error.value_or("");
  EXPECT_EQ(out.sample.http_status, 200);
  EXPECT_EQ(out.sample.output_tokens, static_cast<std::int64_t>(kChunks + 1));
  EXPECT_EQ(out.timing.text_events, static_cast<std::int64_t>(kChunks));
  report("ollama ttft", *out.sample.ttft_ms, ttft, offsets[0] * 1000);
  report("ollama itl", *out.sample.itl_ms, itl, recorded_itl);
  report("ollama e2e", *out.sample.latency_ms, e2e, offsets[kChunks - 1] * 1000);
  EXPECT_NEAR(itl, recorded_itl, 1.0) << "the server did not keep the recorded pace";
  EXPECT_NEAR(*out.sample.ttft_ms, ttft, kToleranceMs);
  EXPECT_NEAR(*out.sample.itl_ms, itl, kToleranceMs);
  EXPECT_NEAR(*out.sample.latency_ms, e2e, kToleranceMs);
  EXPECT_NEAR(*out.sample.tokens_per_s, (kChunks + 1) / (e2e / 1000), 1.0);
  EXPECT_GE(*out.timing.total_ms, *out.sample.latency_ms);

  // The server's own figures come through, ns -> ms.
  EXPECT_DOUBLE_EQ(*out.sample.total_duration_ms, 10677.9714);
  EXPECT_DOUBLE_EQ(*out.sample.load_duration_ms, 40.791);
  EXPECT_DOUBLE_EQ(*out.sample.prompt_eval_duration_ms, 2.5727);
  EXPECT_DOUBLE_EQ(*out.sample.eval_duration_ms, 10633.7522);
  EXPECT_EQ(out.sample.prompt_eval_count, 15);
  EXPECT_EQ(out.sample.input_tokens, 15);

  // And the request was the streaming generate call.
  json body = json::parse(request_body);
  EXPECT_EQ(body["model"], "qwen3:8b");
  EXPECT_EQ(body["stream"], true);
  EXPECT_EQ(body["options"]["num_predict"], 32);
}

TEST(ProbeReplay, OpenAiRecordedStreamWithRecordedGaps) {
  // The 12 recorded SSE events: role chunk, 8 content chunks, finish chunk,
  // usage chunk, [DONE]; paced by the same real Ollama gaps.
  std::string sse = testing::read_data("api/openai_chat_stream.sse");
  Schedule s;
  for (std::size_t at = 0; at < sse.size();) {
    std::size_t end = sse.find("\n\n", at) + 2;
    s.pieces.push_back(sse.substr(at, end - at));
    at = end;
  }
  ASSERT_EQ(s.pieces.size(), 12u);
  s.offset_s = recorded_offsets(s.pieces.size());

  testing::LoopbackServer server;
  std::string request_body;
  serve_schedule(server, "/v1/chat/completions", "text/event-stream", s, request_body);
  server.start();
  SteadyTime call = std::chrono::steady_clock::now();
  ProbeOutcome out = run_probe(target_for(server, "openai"));

  // The role chunk (piece 0) is not text: first text is piece 1, last is 8.
  double ttft = ms_between(call, s.written_at(1));
  double e2e = ms_between(call, s.written_at(8));
  double itl = (e2e - ttft) / 7;  // usage says 8 completion tokens
  double recorded_itl = (s.offset_s[8] - s.offset_s[1]) * 1000 / 7;

  ASSERT_TRUE(out.sample.success) << out.sample.error.value_or("");
  EXPECT_EQ(out.sample.output_tokens, 8);
  EXPECT_EQ(out.sample.input_tokens, 14);
  report("openai ttft", *out.sample.ttft_ms, ttft, s.offset_s[1] * 1000);
  report("openai itl", *out.sample.itl_ms, itl, recorded_itl);
  report("openai e2e", *out.sample.latency_ms, e2e, s.offset_s[8] * 1000);
  EXPECT_NEAR(itl, recorded_itl, 2.0) << "the server did not keep the recorded pace";
  EXPECT_NEAR(*out.sample.ttft_ms, ttft, kToleranceMs);
  EXPECT_NEAR(*out.sample.itl_ms, itl, kToleranceMs);
  EXPECT_NEAR(*out.sample.latency_ms, e2e, kToleranceMs);
  // The stream ends after the usage chunk and [DONE], later than e2e.
  EXPECT_GE(*out.timing.total_ms, ms_between(call, s.written_at(11)) - kToleranceMs);

  json body = json::parse(request_body);
  EXPECT_EQ(body["stream_options"]["include_usage"], true);
  EXPECT_EQ(body["messages"][0]["role"], "user");
}

TEST(ProbeReplay, SampleCarriesTargetIdentityAndCurlPhases) {
  testing::LoopbackServer server;
  server.http().Post("/api/generate", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(testing::read_data("api/ollama_generate_stream.ndjson"),
                    "application/x-ndjson");
  });
  server.start();
  ProbeTarget t = target_for(server, "ollama");
  t.model = "granite3.3:8b";

  EpochMs before = now_ms();
  ProbeOutcome out = run_probe(t);
  EpochMs after = now_ms();

  ASSERT_TRUE(out.sample.success) << out.sample.error.value_or("");
  EXPECT_EQ(out.sample.provider, "ollama");
  EXPECT_EQ(out.sample.model, "granite3.3:8b");
  EXPECT_GE(out.sample.timestamp_ms, before);
  EXPECT_LE(out.sample.timestamp_ms, after);
  EXPECT_EQ(out.sample.output_tokens, 13);  // eval_count, not the 12 text events
  EXPECT_EQ(out.timing.text_events, 12);

  // Plain http: no TLS phase; the others in the order they happen.
  ASSERT_TRUE(out.timing.connect_ms && out.timing.first_byte_ms && out.timing.total_ms);
  EXPECT_FALSE(out.timing.tls_ms.has_value());
  EXPECT_LE(*out.timing.connect_ms, *out.timing.first_byte_ms);
  EXPECT_LE(*out.timing.first_byte_ms, *out.timing.total_ms + 1);
  EXPECT_LE(*out.sample.ttft_ms, *out.sample.latency_ms);
}

}  // namespace
}  // namespace llmscope::probe
