#include "probe/stream_recorder.hpp"

namespace llmscope::probe {
namespace {

template <typename T>
void take(std::optional<T>& into, const std::optional<T>& from) {
  if (from) into = from;
}

}  // namespace

void StreamRecorder::add(const StreamEvent& event) {
  if (failure_) return;  // nothing after a failure changes the verdict
  // Token arrivals count for the ITL from the first text on.
  if (event.marks_token && (first_text_ || event.kind == StreamEventKind::text)) {
    last_token_ = event.at;
    ++token_events_;
  }
  switch (event.kind) {
    case StreamEventKind::text:
      if (!first_text_) first_text_ = event.at;
      last_text_ = event.at;
      ++text_events_;
      break;
    case StreamEventKind::usage:
      if (event.stats) merge(*event.stats);
      break;
    case StreamEventKind::done:
      if (event.stats) merge(*event.stats);
      saw_done_ = true;
      break;
    case StreamEventKind::error:
      failure_ = StreamFailure{ErrorKind::stream_error, event.text};
      break;
    case StreamEventKind::malformed:
      failure_ = StreamFailure{ErrorKind::bad_payload, event.text};
      break;
  }
}

void StreamRecorder::merge(const ServerStats& s) {
  take(stats_.output_tokens, s.output_tokens);
  take(stats_.input_tokens, s.input_tokens);
  take(stats_.total_duration_ms, s.total_duration_ms);
  take(stats_.load_duration_ms, s.load_duration_ms);
  take(stats_.prompt_eval_duration_ms, s.prompt_eval_duration_ms);
  take(stats_.eval_duration_ms, s.eval_duration_ms);
  take(stats_.prompt_eval_count, s.prompt_eval_count);
  take(stats_.eval_count, s.eval_count);
}

double StreamRecorder::ms_since_t0(SteadyTime t) const {
  return std::chrono::duration<double, std::milli>(t - t0_).count();
}

void StreamRecorder::fill(Sample& sample, ProbeTiming& timing) const {
  timing.text_events = text_events_;
  if (first_text_) timing.ttft_ms = ms_since_t0(*first_text_);
  if (last_text_) timing.e2e_ms = ms_since_t0(*last_text_);

  // The server's own figures.
  sample.total_duration_ms = stats_.total_duration_ms;
  sample.load_duration_ms = stats_.load_duration_ms;
  sample.prompt_eval_duration_ms = stats_.prompt_eval_duration_ms;
  sample.eval_duration_ms = stats_.eval_duration_ms;
  sample.prompt_eval_count = stats_.prompt_eval_count;
  sample.eval_count = stats_.eval_count;
  sample.input_tokens = stats_.input_tokens;
  if (text_events_ == 0) return;

  // Latency figures of a stream that produced text.
  std::int64_t tokens = stats_.output_tokens.value_or(text_events_);
  sample.output_tokens = tokens;
  sample.ttft_ms = timing.ttft_ms;
  sample.latency_ms = timing.e2e_ms;
  if (token_events_ >= 2 && tokens >= 2) {
    double span_ms = ms_since_t0(*last_token_) - *timing.ttft_ms;
    sample.itl_ms = span_ms / static_cast<double>(tokens - 1);
  }
  if (*timing.e2e_ms > 0) {
    sample.tokens_per_s = static_cast<double>(tokens) / (*timing.e2e_ms / 1000.0);
  }
}

}  // namespace llmscope::probe
