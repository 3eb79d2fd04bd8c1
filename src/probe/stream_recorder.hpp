#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/sample.hpp"
#include "probe/probe.hpp"
#include "probe/stream_decoder.hpp"

namespace llmscope::probe {

// A reason a stream is unusable although HTTP went fine.
struct StreamFailure {
  ErrorKind kind = ErrorKind::other;  // stream_error or bad_payload
  std::string message;
};

// Collects the events of one response and derives the sample's figures
// from them. Pure: every time comes from an event, relative to t0.
// Not thread-safe; one recorder per request.
class StreamRecorder {
 public:
  explicit StreamRecorder(SteadyTime t0) : t0_(t0) {}

  void add(const StreamEvent& event);

  // An error or malformed event was seen: the rest of the body is useless.
  bool failed() const { return failure_.has_value(); }
  const std::optional<StreamFailure>& failure() const { return failure_; }
  bool saw_done() const { return saw_done_; }
  std::int64_t text_events() const { return text_events_; }

  // Fills the stream figures of `timing` (first chunk, ttft, first answer,
  // e2e, gaps, text_events) and of `sample`: latency_ms = e2e, ttft_ms,
  // itl_ms, tokens and their source, tokens_per_s = tokens / e2e,
  // decode_tokens_per_s = 1000 / itl_ms, the stream timing copies and the
  // server's timings. Output tokens come from the server (usage, the last
  // cumulative count for Anthropic; else Ollama's eval_count) or else
  // count the text events. itl_ms = (last token - first text) / (output
  // tokens - 1), where the last token is the last event that marks one
  // (see StreamEvent::marks_token), only with two such events and >= 2
  // tokens. first_answer_ms only when reasoning text came before the
  // answer. Call it once, after the stream ended.
  void fill(Sample& sample, ProbeTiming& timing) const;

 private:
  double ms_since_t0(SteadyTime t) const;
  void merge(const ServerStats& stats, const char* source);
  void fill_gaps(ProbeTiming& timing) const;

  SteadyTime t0_;
  std::optional<SteadyTime> first_chunk_;
  std::optional<SteadyTime> first_answer_;
  bool saw_reasoning_ = false;
  std::vector<SteadyTime> text_times_;
  const char* tokens_source_ = nullptr;  // of stats_.output_tokens
  std::optional<SteadyTime> first_text_;
  std::optional<SteadyTime> last_text_;
  std::optional<SteadyTime> last_token_;
  std::int64_t token_events_ = 0;
  std::int64_t text_events_ = 0;
  bool saw_done_ = false;
  ServerStats stats_;
  std::optional<StreamFailure> failure_;
};

}  // namespace llmscope::probe
