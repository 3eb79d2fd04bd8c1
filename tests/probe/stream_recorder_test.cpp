#include "probe/stream_recorder.hpp"

#include <gtest/gtest.h>

namespace llmscope::probe {
namespace {

using std::chrono::milliseconds;

const SteadyTime kT0{};

StreamEvent at_ms(StreamEventKind kind, int ms, std::string text = "x") {
  bool token = kind == StreamEventKind::text;
  return StreamEvent{kind, kT0 + milliseconds(ms), std::move(text), std::nullopt, token};
}

StreamEvent usage(std::int64_t output_tokens) {
  StreamEvent e = at_ms(StreamEventKind::usage, 0, "");
  e.stats = ServerStats{};
  e.stats->output_tokens = output_tokens;
  return e;
}

struct Filled {
  Sample sample;
  ProbeTiming timing;
};

Filled fill(const StreamRecorder& r) {
  Filled f;
  r.fill(f.sample, f.timing);
  return f;
}

TEST(StreamRecorder, TimesFirstAndLastTextAndCountsEvents) {
  StreamRecorder r(kT0);
  for (int ms : {100, 120, 150, 190}) r.add(at_ms(StreamEventKind::text, ms));
  r.add(at_ms(StreamEventKind::done, 200));

  Filled f = fill(r);
  EXPECT_DOUBLE_EQ(*f.sample.ttft_ms, 100.0);
  EXPECT_DOUBLE_EQ(*f.sample.latency_ms, 190.0);  // last text, not the done event
  EXPECT_EQ(f.sample.output_tokens, 4);
  EXPECT_DOUBLE_EQ(*f.sample.itl_ms, 30.0);  // (190 - 100) / 3
  EXPECT_DOUBLE_EQ(*f.sample.tokens_per_s, 4 / 0.19);
  EXPECT_EQ(f.timing.text_events, 4);
}

TEST(StreamRecorder, ServerTokenCountWinsOverCountedEvents) {
  StreamRecorder r(kT0);
  r.add(at_ms(StreamEventKind::text, 100));
  r.add(at_ms(StreamEventKind::text, 200));
  r.add(usage(11));
  r.add(at_ms(StreamEventKind::done, 210));

  Filled f = fill(r);
  EXPECT_EQ(f.sample.output_tokens, 11);
  EXPECT_DOUBLE_EQ(*f.sample.itl_ms, 10.0);  // (200 - 100) / (11 - 1)
  EXPECT_DOUBLE_EQ(*f.sample.tokens_per_s, 11 / 0.2);
}

TEST(StreamRecorder, OllamaFinalObjectIsTheLastTokenForItlButNotForE2e) {
  // Three text chunks and the done object carrying the end-of-sequence
  // token: eval_count 4, four token arrivals 20 ms apart.
  StreamRecorder r(kT0);
  for (int ms : {100, 120, 140}) r.add(at_ms(StreamEventKind::text, ms));
  StreamEvent done = at_ms(StreamEventKind::done, 160, "");
  done.marks_token = true;
  done.stats = ServerStats{};
  done.stats->output_tokens = 4;
  r.add(done);

  Filled f = fill(r);
  EXPECT_DOUBLE_EQ(*f.sample.itl_ms, 20.0);       // (160 - 100) / (4 - 1)
  EXPECT_DOUBLE_EQ(*f.sample.latency_ms, 140.0);  // last text
}

TEST(StreamRecorder, NoItlFromASingleTextEvent) {
  StreamRecorder r(kT0);
  r.add(at_ms(StreamEventKind::text, 50));
  r.add(usage(30));  // a server that sent its whole answer in one chunk

  Filled f = fill(r);
  EXPECT_FALSE(f.sample.itl_ms.has_value());
  EXPECT_DOUBLE_EQ(*f.sample.ttft_ms, 50.0);
  EXPECT_EQ(f.sample.output_tokens, 30);
}

TEST(StreamRecorder, NoLatencyWithoutText) {
  StreamRecorder r(kT0);
  r.add(at_ms(StreamEventKind::done, 80));
  Filled f = fill(r);
  EXPECT_TRUE(r.saw_done());
  EXPECT_FALSE(f.sample.latency_ms.has_value());
  EXPECT_FALSE(f.sample.ttft_ms.has_value());
  EXPECT_FALSE(f.sample.output_tokens.has_value());
}

TEST(StreamRecorder, ErrorAndMalformedBecomeFailuresAndLaterEventsAreIgnored) {
  StreamRecorder err(kT0);
  err.add(at_ms(StreamEventKind::text, 10));
  err.add(at_ms(StreamEventKind::error, 20, "rate limited mid-stream"));
  err.add(at_ms(StreamEventKind::done, 30));
  ASSERT_TRUE(err.failed());
  EXPECT_EQ(err.failure()->kind, ErrorKind::stream_error);
  EXPECT_EQ(err.failure()->message, "rate limited mid-stream");
  EXPECT_FALSE(err.saw_done());

  StreamRecorder bad(kT0);
  bad.add(at_ms(StreamEventKind::malformed, 10, "not a JSON object"));
  EXPECT_EQ(bad.failure()->kind, ErrorKind::bad_payload);
}

TEST(StreamRecorder, KeepsOllamaServerTimings) {
  StreamRecorder r(kT0);
  r.add(at_ms(StreamEventKind::text, 10));
  StreamEvent done = at_ms(StreamEventKind::done, 20, "");
  done.stats = ServerStats{};
  done.stats->total_duration_ms = 330.76;
  done.stats->load_duration_ms = 9.8;
  done.stats->eval_count = 13;
  done.stats->output_tokens = 13;
  done.stats->prompt_eval_count = 50;
  done.stats->input_tokens = 50;
  r.add(done);

  Filled f = fill(r);
  EXPECT_DOUBLE_EQ(*f.sample.total_duration_ms, 330.76);
  EXPECT_DOUBLE_EQ(*f.sample.load_duration_ms, 9.8);
  EXPECT_EQ(f.sample.eval_count, 13);
  EXPECT_EQ(f.sample.prompt_eval_count, 50);
  EXPECT_EQ(f.sample.input_tokens, 50);
}

}  // namespace
}  // namespace llmscope::probe
