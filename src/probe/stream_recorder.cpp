#include "probe/stream_recorder.hpp"

#include <algorithm>
#include <cmath>

namespace llmscope::probe {
namespace {

template <typename T>
void take(std::optional<T>& into, const std::optional<T>& from) {
  if (from) into = from;
}

// Linear interpolation between ranks, as the API's summary percentiles.
double percentile(const std::vector<double>& sorted, double p) {
  double rank = p * static_cast<double>(sorted.size() - 1);
  auto lo = static_cast<std::size_t>(std::floor(rank));
  std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - static_cast<double>(lo));
}

}  // namespace

void StreamRecorder::add(const StreamEvent& event) {
  if (failure_) return;  // nothing after a failure changes the verdict
  if (!first_chunk_) first_chunk_ = event.at;
  // Token arrivals count for the ITL from the first text on.
  if (event.marks_token && (first_text_ || event.kind == StreamEventKind::text)) {
    last_token_ = event.at;
    ++token_events_;
  }
  switch (event.kind) {
    case StreamEventKind::text:
      if (!first_text_) first_text_ = event.at;
      if (event.reasoning) saw_reasoning_ = true;
      if (!event.reasoning && !first_answer_) first_answer_ = event.at;
      last_text_ = event.at;
      text_times_.push_back(event.at);
      ++text_events_;
      break;
    case StreamEventKind::usage:
      if (event.stats) merge(*event.stats, "usage");
      break;
    case StreamEventKind::done:
      if (event.stats) merge(*event.stats, event.stats->eval_count ? "eval_count" : "usage");
      saw_done_ = true;
      break;
    case StreamEventKind::error:
      failure_ = StreamFailure{ErrorKind::stream_error, event.text};
      break;
    case StreamEventKind::malformed:
      failure_ = StreamFailure{ErrorKind::bad_payload, event.text};
      break;
    case StreamEventKind::chunk:
      break;
  }
}

void StreamRecorder::merge(const ServerStats& s, const char* source) {
  if (s.output_tokens) tokens_source_ = source;
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

void StreamRecorder::fill_gaps(ProbeTiming& timing) const {
  if (text_times_.size() < 2) return;
  std::vector<double> gaps;
  gaps.reserve(text_times_.size() - 1);
  for (std::size_t i = 1; i < text_times_.size(); ++i) {
    gaps.push_back(
        std::chrono::duration<double, std::milli>(text_times_[i] - text_times_[i - 1]).count());
  }
  std::sort(gaps.begin(), gaps.end());
  timing.gap_p50_ms = percentile(gaps, 0.50);
  timing.gap_p95_ms = percentile(gaps, 0.95);
  timing.max_stall_ms = gaps.back();
}

void StreamRecorder::fill(Sample& sample, ProbeTiming& timing) const {
  timing.text_events = text_events_;
  if (first_chunk_) timing.first_chunk_ms = ms_since_t0(*first_chunk_);
  if (first_text_) timing.ttft_ms = ms_since_t0(*first_text_);
  if (first_answer_ && saw_reasoning_) timing.first_answer_ms = ms_since_t0(*first_answer_);
  if (last_text_) timing.e2e_ms = ms_since_t0(*last_text_);
  fill_gaps(timing);

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
  sample.output_tokens_source = stats_.output_tokens ? tokens_source_ : "events";
  sample.ttft_ms = timing.ttft_ms;
  sample.latency_ms = timing.e2e_ms;
  sample.first_chunk_ms = timing.first_chunk_ms;
  sample.first_answer_ms = timing.first_answer_ms;
  sample.gap_p50_ms = timing.gap_p50_ms;
  sample.gap_p95_ms = timing.gap_p95_ms;
  sample.max_stall_ms = timing.max_stall_ms;
  if (token_events_ >= 2 && tokens >= 2) {
    double span_ms = ms_since_t0(*last_token_) - *timing.ttft_ms;
    sample.itl_ms = span_ms / static_cast<double>(tokens - 1);
    if (*sample.itl_ms > 0) sample.decode_tokens_per_s = 1000.0 / *sample.itl_ms;
  }
  if (*timing.e2e_ms > 0) {
    sample.tokens_per_s = static_cast<double>(tokens) / (*timing.e2e_ms / 1000.0);
  }
}

}  // namespace llmscope::probe
