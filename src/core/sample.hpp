#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/time.hpp"

namespace llmscope {

// A series is one monitored endpoint: (provider, model). Each numeric metric
// of a series is charted and judged separately.
struct SeriesKey {
  std::string provider;
  std::string model;

  auto operator<=>(const SeriesKey&) const = default;
};

// Why a probe failed. Stored with the failed sample as its string form; a
// stored value never changes meaning.
enum class ErrorKind {
  none,
  dns,
  connect,
  tls,
  timeout_connect,
  timeout_first_token,
  timeout_total,
  http_4xx,
  http_429,
  http_5xx,
  overloaded,
  stream_error,
  truncated,
  empty,
  bad_payload,
  other,
};

std::string_view to_string(ErrorKind kind);
std::optional<ErrorKind> error_kind_from_string(std::string_view text);

// One measurement of one request to an LLM endpoint, from a probe or
// posted by a client. Times are milliseconds; absent figures are nullopt.
// A failed request (success == false) carries no latency that enters SPC.
struct Sample {
  std::int64_t id = 0;  // assigned by the store
  EpochMs timestamp_ms = 0;
  std::string provider;
  std::string model;

  std::optional<double> latency_ms;     // end-to-end
  std::optional<double> ttft_ms;        // time to first token
  std::optional<double> itl_ms;         // mean time per output token after the first
  std::optional<double> tokens_per_s;   // output tokens / end-to-end
  std::optional<std::int64_t> output_tokens;
  std::optional<std::int64_t> input_tokens;

  bool success = true;
  std::optional<int> http_status;
  std::optional<std::string> error;     // human-readable message
  ErrorKind error_kind = ErrorKind::none;

  // The server's own timings where it reports them (Ollama), in ms.
  std::optional<double> total_duration_ms;
  std::optional<double> load_duration_ms;
  std::optional<double> prompt_eval_duration_ms;
  std::optional<double> eval_duration_ms;
  std::optional<std::int64_t> prompt_eval_count;
  std::optional<std::int64_t> eval_count;

  // Host telemetry at the moment of the sample, in percent.
  std::optional<double> cpu_percent;
  std::optional<double> memory_percent;
  std::optional<double> gpu_percent;
  std::optional<double> gpu_memory_percent;

  std::optional<std::string> prompt_hash;

  // The probe's breakdown (docs/PROBES.md), ms since t0, the instant just
  // before the request: network phases from libcurl, then the stream.
  std::optional<double> dns_ms;
  std::optional<double> connect_ms;
  std::optional<double> tls_ms;
  std::optional<double> first_byte_ms;
  std::optional<double> first_chunk_ms;   // first stream record of any kind
  std::optional<double> first_answer_ms;  // first answer text after reasoning
  std::optional<double> total_ms;         // stream end
  std::optional<double> gap_p50_ms;       // gaps between text events
  std::optional<double> gap_p95_ms;
  std::optional<double> max_stall_ms;     // the longest gap
  std::optional<double> decode_tokens_per_s;  // 1000 / itl_ms
  // Where output_tokens came from: "usage" (the server's usage figures),
  // "eval_count" (Ollama) or "events" (text events counted).
  std::optional<std::string> output_tokens_source;
  std::optional<double> retry_after_s;    // a 429/529/503's Retry-After

  SeriesKey series() const { return {provider, model}; }
};

// The probe-breakdown figures of a sample that are plain optional
// numbers, in stored column order, by their column and JSON name, for the
// code that stores and converts them alike (docs/SCHEMA.md, version 4).
struct SampleFigure {
  const char* name;
  std::optional<double> Sample::*member;
};

inline constexpr SampleFigure kProbeDetailFigures[] = {
    {"dns_ms", &Sample::dns_ms},
    {"connect_ms", &Sample::connect_ms},
    {"tls_ms", &Sample::tls_ms},
    {"first_byte_ms", &Sample::first_byte_ms},
    {"first_chunk_ms", &Sample::first_chunk_ms},
    {"first_answer_ms", &Sample::first_answer_ms},
    {"total_ms", &Sample::total_ms},
    {"gap_p50_ms", &Sample::gap_p50_ms},
    {"gap_p95_ms", &Sample::gap_p95_ms},
    {"max_stall_ms", &Sample::max_stall_ms},
    {"decode_tokens_per_s", &Sample::decode_tokens_per_s},
};

// The metrics of a sample that SPC judges, each its own series; and the
// error rate of a series (failed share of consecutive windows of samples),
// which is judged per window, not per sample (kAllMetrics leaves it out).
enum class Metric { latency_ms, ttft_ms, itl_ms, tokens_per_s, error_rate };

inline constexpr Metric kAllMetrics[] = {Metric::latency_ms, Metric::ttft_ms,
                                         Metric::itl_ms, Metric::tokens_per_s};

std::string_view to_string(Metric metric);
std::optional<Metric> metric_from_string(std::string_view text);

// The value of a metric in a sample; nullopt when the sample has none or
// failed (failed probes never enter a latency series).
std::optional<double> metric_value(const Sample& sample, Metric metric);

}  // namespace llmscope
