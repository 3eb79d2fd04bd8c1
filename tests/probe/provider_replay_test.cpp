// Replays the recorded Anthropic, Ollama chat and reasoning streams from a
// loopback server with real inter-chunk gaps (the AIPerf gpt-oss-20b run
// and the recorded Ollama stream), and checks every figure of the probe
// against the instants the server really wrote each piece.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "loopback_server.hpp"
#include "probe/probe.hpp"
#include "replay_server.hpp"
#include "test_data.hpp"

namespace llmscope::probe {
namespace {

using nlohmann::json;
using testing::ms_between;
using testing::report;
using testing::Schedule;
using testing::SteadyTime;

constexpr double kToleranceMs = 5.0;

// The test's own percentile (linear between ranks), an oracle written
// apart from the probe's.
double served_percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  double rank = p * static_cast<double>(v.size() - 1);
  std::size_t lo = static_cast<std::size_t>(rank);
  std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (v[hi] - v[lo]) * (rank - static_cast<double>(lo));
}

// What was served for the text pieces `text` (indices into the schedule).
struct Served {
  double first_chunk, ttft, e2e, end, gap_p50, gap_p95, max_stall;
};

Served served(Schedule& s, SteadyTime call, const std::vector<std::size_t>& text) {
  std::vector<double> gaps;
  for (std::size_t i = 1; i < text.size(); ++i) {
    gaps.push_back(ms_between(s.written_at(text[i - 1]), s.written_at(text[i])));
  }
  return {ms_between(call, s.written_at(0)),
          ms_between(call, s.written_at(text.front())),
          ms_between(call, s.written_at(text.back())),
          ms_between(call, s.written_at(s.pieces.size() - 1)),
          served_percentile(gaps, 0.5),
          served_percentile(gaps, 0.95),
          *std::max_element(gaps.begin(), gaps.end())};
}

// Every figure of a successful sample against what was served.
void expect_matches(const ProbeOutcome& out, const Served& sv, std::int64_t tokens) {
  const Sample& s = out.sample;
  ASSERT_TRUE(s.success) << s.error.value_or("");
  report("first chunk", *s.first_chunk_ms, sv.first_chunk, sv.first_chunk);
  report("ttft", *s.ttft_ms, sv.ttft, sv.ttft);
  report("e2e", *s.latency_ms, sv.e2e, sv.e2e);
  report("gap p95", *s.gap_p95_ms, sv.gap_p95, sv.gap_p95);
  EXPECT_NEAR(*s.first_chunk_ms, sv.first_chunk, kToleranceMs);
  EXPECT_NEAR(*s.ttft_ms, sv.ttft, kToleranceMs);
  EXPECT_NEAR(*s.latency_ms, sv.e2e, kToleranceMs);
  EXPECT_NEAR(*s.total_ms, sv.end, kToleranceMs);
  EXPECT_NEAR(*s.gap_p50_ms, sv.gap_p50, kToleranceMs);
  EXPECT_NEAR(*s.gap_p95_ms, sv.gap_p95, kToleranceMs);
  EXPECT_NEAR(*s.max_stall_ms, sv.max_stall, kToleranceMs);
  EXPECT_EQ(s.output_tokens, tokens);
  double tpot = (sv.e2e - sv.ttft) / static_cast<double>(tokens - 1);
  EXPECT_NEAR(*s.itl_ms, tpot, kToleranceMs / static_cast<double>(tokens - 1));
  EXPECT_NEAR(*s.decode_tokens_per_s, 1000.0 / *s.itl_ms, 1e-9);
  EXPECT_NEAR(*s.tokens_per_s, tokens / (*s.latency_ms / 1000.0), 1e-9);
}

std::vector<std::size_t> pieces_with(const Schedule& s, const std::string& needle) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < s.pieces.size(); ++i)
    if (s.pieces[i].find(needle) != std::string::npos) out.push_back(i);
  return out;
}

ProbeTarget target(const testing::LoopbackServer& server, const char* provider) {
  ProbeTarget t;
  t.provider = provider;
  t.base_url = server.url();
  t.model = "m";
  t.timeout_s = 20;
  return t;
}

TEST(ProviderReplay, AnthropicPingStreamWithAiperfGaps) {
  Schedule s;
  s.pieces = testing::sse_messages(testing::read_data("api/anthropic_messages_stream_ping.sse"));
  ASSERT_EQ(s.pieces.size(), 10u);  // start, block start, ping, 4 deltas, stop, delta, stop
  s.offset_s = testing::aiperf_offsets(0, 18, s.pieces.size());  // 138 ms -> 45 -> 22 ms gaps

  testing::LoopbackServer server;
  std::string body;
  std::string key, version;
  serve_schedule(server, "/v1/messages", "text/event-stream", s, body);
  server.http().set_pre_routing_handler([&](const httplib::Request& req, httplib::Response&) {
    key = req.get_header_value("x-api-key");
    version = req.get_header_value("anthropic-version");
    return httplib::Server::HandlerResponse::Unhandled;
  });
  server.start();
  ProbeTarget t = target(server, "anthropic");
  t.api_key = "sk-ant-stored";
  SteadyTime call = std::chrono::steady_clock::now();
  ProbeOutcome out = run_probe(t);

  // Text: the four text_delta pieces; the ping and block start do not count.
  auto text = pieces_with(s, "text_delta");
  ASSERT_EQ(text, (std::vector<std::size_t>{3, 4, 5, 6}));
  expect_matches(out, served(s, call, text), 10);  // message_delta's cumulative count
  EXPECT_EQ(out.sample.output_tokens_source, "usage");
  EXPECT_EQ(out.sample.input_tokens, 17);
  EXPECT_FALSE(out.sample.first_answer_ms.has_value());  // no reasoning
  EXPECT_EQ(key, "sk-ant-stored");
  EXPECT_EQ(version, "2023-06-01");
  json req = json::parse(body);
  EXPECT_EQ(req["stream"], true);
  EXPECT_EQ(req["max_tokens"], 32);
  EXPECT_EQ(req["messages"][0]["content"], t.prompt);
}

TEST(ProviderReplay, AnthropicLongStreamTakesTheLastCumulativeCount) {
  Schedule s;
  s.pieces = testing::sse_messages(testing::read_data("api/anthropic_messages_stream_long.sse"));
  ASSERT_EQ(s.pieces.size(), 48u);
  s.offset_s = testing::aiperf_offsets(1, 0, s.pieces.size());

  testing::LoopbackServer server;
  std::string body;
  serve_schedule(server, "/v1/messages", "text/event-stream", s, body);
  server.start();
  SteadyTime call = std::chrono::steady_clock::now();
  ProbeOutcome out = run_probe(target(server, "anthropic"));

  auto text = pieces_with(s, "text_delta");
  ASSERT_EQ(text.size(), 42u);
  expect_matches(out, served(s, call, text), 104);  // not message_start's 1
  EXPECT_EQ(out.timing.text_events, 42);
}

// The recorded qwen3:8b generate stream, each object rewritten the way
// /api/chat sends it (message.content instead of response), with its own
// recorded gaps.
TEST(ProviderReplay, OllamaChatWithRecordedGaps) {
  auto lines = testing::split_lines(testing::read_data("api/ollama_generate_stream_long.ndjson"));
  auto times = testing::recorded_chunk_times("2025-08-22T20:05:36.1507634Z");
  constexpr std::size_t kText = 25;
  Schedule s;
  for (std::size_t i = 0; i <= kText; ++i) {
    json obj = json::parse(i < kText ? lines[i] : lines.back());
    json msg = {{"role", "assistant"}, {"content", obj.value("response", "")}};
    obj.erase("response");
    obj["message"] = msg;
    if (i == kText) obj["eval_count"] = kText + 1;  // the text chunks and the end token
    s.pieces.push_back(obj.dump() + "\n");
    s.offset_s.push_back(0.05 + times[i] - times[0]);
  }

  testing::LoopbackServer server;
  std::string body;
  serve_schedule(server, "/api/chat", "application/x-ndjson", s, body);
  server.start();
  SteadyTime call = std::chrono::steady_clock::now();
  ProbeOutcome out = run_probe(target(server, "ollama-chat"));

  // The final object carries the end-of-sequence token: it ends the ITL span.
  ASSERT_TRUE(out.sample.success) << out.sample.error.value_or("");
  double ttft = ms_between(call, s.written_at(0));
  double e2e = ms_between(call, s.written_at(kText - 1));
  double itl = (ms_between(call, s.written_at(kText)) - ttft) / kText;
  report("chat ttft", *out.sample.ttft_ms, ttft, s.offset_s[0] * 1000);
  report("chat itl", *out.sample.itl_ms, itl, itl);
  EXPECT_NEAR(*out.sample.ttft_ms, ttft, kToleranceMs);
  EXPECT_NEAR(*out.sample.latency_ms, e2e, kToleranceMs);
  EXPECT_NEAR(*out.sample.itl_ms, itl, kToleranceMs);
  EXPECT_EQ(out.sample.output_tokens, static_cast<std::int64_t>(kText + 1));
  EXPECT_EQ(out.sample.output_tokens_source, "eval_count");
  EXPECT_EQ(out.sample.input_tokens, 15);
  json req = json::parse(body);
  EXPECT_EQ(req["messages"][0]["role"], "user");
  EXPECT_FALSE(req.contains("prompt"));
}

// Groq's recorded reasoning deltas, then recorded OpenAI answer chunks:
// ttft is the first reasoning text, first_answer the first answer text.
TEST(ProviderReplay, ReasoningThenAnswerGivesTimeToFirstAnswer) {
  auto groq = testing::sse_messages(
      testing::read_data("api/groq_openai_compatible_stream_error_event.sse"));
  auto openai = testing::sse_messages(testing::read_data("api/openai_chat_stream.sse"));
  Schedule s;
  s.pieces.assign(groq.begin(), groq.begin() + 7);                    // role + 6 reasoning
  s.pieces.insert(s.pieces.end(), openai.begin() + 1, openai.end());  // answer, usage, [DONE]
  s.offset_s = testing::aiperf_offsets(2, 10, s.pieces.size());

  testing::LoopbackServer server;
  std::string body;
  serve_schedule(server, "/v1/chat/completions", "text/event-stream", s, body);
  server.start();
  SteadyTime call = std::chrono::steady_clock::now();
  ProbeOutcome out = run_probe(target(server, "openai"));

  ASSERT_TRUE(out.sample.success) << out.sample.error.value_or("");
  ASSERT_NE(s.pieces[1].find("\"reasoning\""), std::string::npos);
  double ttft = ms_between(call, s.written_at(1));
  double answer = ms_between(call, s.written_at(7));
  report("reason ttft", *out.sample.ttft_ms, ttft, ttft);
  report("first answer", *out.sample.first_answer_ms, answer, answer);
  EXPECT_NEAR(*out.sample.ttft_ms, ttft, kToleranceMs);
  EXPECT_NEAR(*out.sample.first_answer_ms, answer, kToleranceMs);
  EXPECT_NEAR(*out.sample.first_chunk_ms, ms_between(call, s.written_at(0)), kToleranceMs);
  EXPECT_EQ(out.sample.output_tokens, 8);  // the recorded usage chunk
}

}  // namespace
}  // namespace llmscope::probe
