#include "probe/stream_decoder.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "test_data.hpp"

namespace llmscope::probe {
namespace {

using std::chrono::milliseconds;

// Feeds pieces stamped 1 ms apart (piece i arrives at base + i ms).
std::vector<StreamEvent> decode(std::string_view provider, const std::vector<std::string>& pieces,
                                SteadyTime base = SteadyTime{}) {
  auto decoder = make_stream_decoder(provider);
  std::vector<StreamEvent> out;
  SteadyTime at = base;
  for (const std::string& piece : pieces) {
    at += milliseconds(1);
    for (auto& e : decoder->feed(piece, at)) out.push_back(std::move(e));
  }
  for (auto& e : decoder->finish(at)) out.push_back(std::move(e));
  return out;
}

std::size_t count(const std::vector<StreamEvent>& events, StreamEventKind kind) {
  std::size_t n = 0;
  for (const auto& e : events) n += e.kind == kind ? 1 : 0;
  return n;
}

std::string all_text(const std::vector<StreamEvent>& events) {
  std::string text;
  for (const auto& e : events) {
    if (e.kind == StreamEventKind::text) text += e.text;
  }
  return text;
}

TEST(StreamDecoder, UnknownProviderHasNoDecoder) {
  EXPECT_EQ(make_stream_decoder("mistral"), nullptr);
}

TEST(StreamDecoder, OpenAiRecordedStreamSkipsRoleChunkAndReadsUsage) {
  auto events = decode("openai", {testing::read_data("api/openai_chat_stream.sse")});

  EXPECT_EQ(count(events, StreamEventKind::text), 8u);  // not the role chunk
  EXPECT_EQ(all_text(events), "The capital of Mexico is Mexico City.");
  ASSERT_EQ(count(events, StreamEventKind::usage), 1u);
  ASSERT_EQ(count(events, StreamEventKind::done), 1u);
  EXPECT_EQ(events.back().kind, StreamEventKind::done);
  EXPECT_FALSE(events.back().marks_token);  // [DONE] is no token
  const StreamEvent& usage = events[events.size() - 2];
  EXPECT_EQ(usage.stats->output_tokens, 8);
  EXPECT_EQ(usage.stats->input_tokens, 14);
}

TEST(StreamDecoder, OpenAiSameEventsInAnyPieces) {
  const std::string body = testing::read_data("api/openai_chat_stream.sse");
  const auto whole = decode("openai", {body});
  for (unsigned seed = 1; seed <= 40; ++seed) {
    auto events = decode("openai", testing::random_pieces(body, seed, 2 + seed * 7));
    ASSERT_EQ(events.size(), whole.size()) << "seed " << seed;
    EXPECT_EQ(all_text(events), all_text(whole)) << "seed " << seed;
    EXPECT_EQ(events.back().kind, StreamEventKind::done);
  }
}

TEST(StreamDecoder, EventCarriesTheArrivalOfThePieceThatCompletedIt) {
  // The first content chunk is split; its event must carry the second half's time.
  const std::string body = testing::read_data("api/openai_chat_stream.sse");
  std::size_t cut = body.find("\"The\"");
  auto events = decode("openai", {body.substr(0, cut), body.substr(cut)});
  ASSERT_GE(events.size(), 2u);
  EXPECT_EQ(events[0].kind, StreamEventKind::chunk);  // the role-only chunk
  EXPECT_EQ(events[0].at, SteadyTime{} + milliseconds(1));
  EXPECT_EQ(events[1].kind, StreamEventKind::text);
  EXPECT_EQ(events[1].at, SteadyTime{} + milliseconds(2));
}

TEST(StreamDecoder, GroqErrorEventMidStreamIsAnError) {
  auto events =
      decode("openai",
             testing::random_pieces(
                 testing::read_data("api/groq_openai_compatible_stream_error_event.sse"), 7, 300));
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(count(events, StreamEventKind::text), 93u);  // reasoning deltas are text
  EXPECT_EQ(count(events, StreamEventKind::done), 0u);
  EXPECT_EQ(events.back().kind, StreamEventKind::error);
  EXPECT_TRUE(events.back().text.starts_with("Tool call validation failed"));
}

TEST(StreamDecoder, OpenAiMalformedJsonIsMalformed) {
  auto events = decode("openai", {"data: {\"choices\":[{\"delta\":{\"content\":\"x\"}}]}\n\n",
                                  "data: {\"choices\":[{\"delta\n\n"});
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].kind, StreamEventKind::text);
  EXPECT_EQ(events[1].kind, StreamEventKind::malformed);
}

TEST(StreamDecoder, OpenAiErrorObjectInDataIsAnError) {
  auto events = decode("openai", {"data: {\"error\":{\"message\":\"boom\"}}\n\n"});
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, StreamEventKind::error);
  EXPECT_EQ(events[0].text, "boom");
}

TEST(StreamDecoder, OllamaRecordedStreamWithServerTimings) {
  const std::string body = testing::read_data("api/ollama_generate_stream.ndjson");
  for (unsigned seed = 1; seed <= 40; ++seed) {
    auto events = decode("ollama", testing::random_pieces(body, seed, 1 + seed * 3));
    ASSERT_EQ(count(events, StreamEventKind::text), 12u) << "seed " << seed;
    EXPECT_EQ(all_text(events), "Small, fluffy, hopping mammal.");
    ASSERT_EQ(events.back().kind, StreamEventKind::done);
    EXPECT_TRUE(events.back().marks_token);  // Ollama's done carries the EOS token
    EXPECT_TRUE(events.front().marks_token);

    const ServerStats& s = *events.back().stats;
    EXPECT_DOUBLE_EQ(*s.total_duration_ms, 330.76);
    EXPECT_DOUBLE_EQ(*s.load_duration_ms, 9.8352);
    EXPECT_DOUBLE_EQ(*s.prompt_eval_duration_ms, 1.0579);
    EXPECT_DOUBLE_EQ(*s.eval_duration_ms, 319.3461);
    EXPECT_EQ(s.prompt_eval_count, 50);
    EXPECT_EQ(s.eval_count, 13);
    EXPECT_EQ(s.output_tokens, 13);
  }
}

TEST(StreamDecoder, OllamaLongStreamCountsEveryNonEmptyChunk) {
  auto events =
      decode("ollama", testing::random_pieces(
                           testing::read_data("api/ollama_generate_stream_long.ndjson"), 3, 4096));
  EXPECT_EQ(count(events, StreamEventKind::text), 447u);
  EXPECT_EQ(events.back().stats->eval_count, 448);
}

TEST(StreamDecoder, OllamaChatStreamReadsMessageContent) {
  auto events = decode("ollama", {testing::read_data("api/ollama_chat_stream_docs.ndjson")});
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].text, "The");
  EXPECT_EQ(events[1].kind, StreamEventKind::done);
  EXPECT_EQ(events[1].stats->eval_count, 282);
}

TEST(StreamDecoder, OllamaErrorLineIsAnError) {
  auto events = decode("ollama", {"{\"response\":\"a\",\"done\":false}\n",
                                  testing::read_data("api/ollama_error_model_required.json")});
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].kind, StreamEventKind::error);
  EXPECT_EQ(events[1].text, "model is required");
}

TEST(StreamDecoder, OllamaNonJsonLineIsMalformed) {
  auto events = decode("ollama", {"{\"response\":\"a\",\"done\":false}\nnot json\n"});
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].kind, StreamEventKind::malformed);
}

}  // namespace
}  // namespace llmscope::probe

namespace llmscope::probe {
namespace {

TEST(AnthropicDecoder, SameEventsInAnyPiecesWithTheLastCumulativeUsage) {
  const std::string body = testing::read_data("api/anthropic_messages_stream_long.sse");
  const auto whole = decode("anthropic", {body});
  EXPECT_EQ(count(whole, StreamEventKind::text), 42u);
  EXPECT_EQ(count(whole, StreamEventKind::done), 1u);
  EXPECT_EQ(whole.back().kind, StreamEventKind::done);
  // message_start's usage (1 output token so far), then message_delta's 104.
  std::vector<std::int64_t> outputs;
  for (const auto& e : whole)
    if (e.kind == StreamEventKind::usage) outputs.push_back(*e.stats->output_tokens);
  EXPECT_EQ(outputs, (std::vector<std::int64_t>{1, 104}));
  for (unsigned seed = 1; seed <= 20; ++seed) {
    auto events = decode("anthropic", testing::random_pieces(body, seed, 3 + seed * 11));
    ASSERT_EQ(events.size(), whole.size()) << "seed " << seed;
    EXPECT_EQ(all_text(events), all_text(whole)) << "seed " << seed;
  }
}

TEST(AnthropicDecoder, PingAndBlockStartAreChunksNotText) {
  auto events = decode("anthropic", {testing::read_data("api/anthropic_messages_stream_ping.sse")});
  ASSERT_GE(events.size(), 3u);
  EXPECT_EQ(events[0].kind, StreamEventKind::usage);  // message_start
  EXPECT_EQ(events[1].kind, StreamEventKind::chunk);  // content_block_start
  EXPECT_EQ(events[2].kind, StreamEventKind::chunk);  // ping
  EXPECT_EQ(all_text(events), "- Captain\n- Scoop");
}

TEST(AnthropicDecoder, ThinkingIsReasoningAndToolInputIsText) {
  auto events =
      decode("anthropic",
             {"event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
              "\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"Let me\"}}\n\n",
              "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
              "\"delta\":{\"type\":\"signature_delta\",\"signature\":\"abc\"}}\n\n",
              "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,"
              "\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"city\\\"\"}}\n\n",
              "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
              "\"message\":\"Overloaded\"}}\n\n"});
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[0].kind, StreamEventKind::text);
  EXPECT_TRUE(events[0].reasoning);
  EXPECT_EQ(events[1].kind, StreamEventKind::chunk);  // a signature is no text
  EXPECT_EQ(events[2].kind, StreamEventKind::text);
  EXPECT_FALSE(events[2].reasoning);
  EXPECT_EQ(events[2].text, "{\"city\"");
  EXPECT_EQ(events[3].kind, StreamEventKind::error);
  EXPECT_EQ(events[3].text, "Overloaded");
}

TEST(StreamDecoder, ToolCallsAreTextAndReasoningIsFlagged) {
  auto openai =
      decode("openai", {"data: {\"choices\":[{\"delta\":{\"reasoning\":\"hmm\"}}]}\n\n",
                        "data: {\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":"
                        "{\"name\":\"get_weather\",\"arguments\":\"\"}}]}}]}\n\n",
                        "data: {\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":"
                        "{\"arguments\":\"{\\\"city\\\":\\\"Oslo\\\"}\"}}]}}]}\n\n",
                        "data: [DONE]\n\n"});
  ASSERT_EQ(openai.size(), 4u);
  EXPECT_TRUE(openai[0].reasoning);
  EXPECT_EQ(openai[1].text, "get_weather");
  EXPECT_FALSE(openai[1].reasoning);
  EXPECT_EQ(openai[2].text, "{\"city\":\"Oslo\"}");

  auto chat = decode(
      "ollama-chat",
      {"{\"message\":{\"role\":\"assistant\",\"content\":\"\",\"thinking\":\"ok\"},\"done\":false}"
       "\n",
       "{\"message\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"function\":"
       "{\"name\":\"f\",\"arguments\":{\"x\":1}}}]},\"done\":false}\n",
       "{\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"eval_count\":3}\n"});
  ASSERT_EQ(chat.size(), 3u);
  EXPECT_TRUE(chat[0].reasoning);
  EXPECT_EQ(chat[1].text, "f{\"x\":1}");
  EXPECT_EQ(chat[2].kind, StreamEventKind::done);
}

}  // namespace
}  // namespace llmscope::probe
