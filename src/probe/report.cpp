#include "probe/report.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "core/time.hpp"

namespace llmscope::probe {
namespace {

using nlohmann::json;

std::string ms(const std::optional<double>& v) { return v ? fmt::format("{:.3f} ms", *v) : "-"; }

template <typename T>
json or_null(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

void add_line(std::string& out, std::string_view label, std::string_view value) {
  out += fmt::format("  {:<20}{}\n", label, value);
}

void add_server_lines(std::string& out, const Sample& s) {
  if (!s.total_duration_ms && !s.eval_count) return;
  add_line(out, "server total", ms(s.total_duration_ms));
  add_line(out, "server load", ms(s.load_duration_ms));
  add_line(out, "server prompt eval",
           fmt::format("{} ({} tokens)", ms(s.prompt_eval_duration_ms),
                       s.prompt_eval_count ? std::to_string(*s.prompt_eval_count) : "-"));
  add_line(out, "server eval",
           fmt::format("{} ({} tokens)", ms(s.eval_duration_ms),
                       s.eval_count ? std::to_string(*s.eval_count) : "-"));
}

}  // namespace

std::string format_probe_report(const ProbeTarget& target, const ProbeOutcome& outcome) {
  const Sample& s = outcome.sample;
  const ProbeTiming& t = outcome.timing;
  std::string out =
      fmt::format("probe {} {} at {}\n", target.provider, target.model, target.base_url);

  add_line(out, "dns", ms(t.dns_ms));
  add_line(out, "connect", ms(t.connect_ms));
  add_line(out, "tls", ms(t.tls_ms));
  add_line(out, "first byte", ms(t.first_byte_ms));
  add_line(out, "first chunk", ms(t.first_chunk_ms));
  add_line(out, "ttft", ms(t.ttft_ms));
  if (t.first_answer_ms) add_line(out, "first answer", ms(t.first_answer_ms));
  add_line(out, "itl", ms(s.itl_ms));
  add_line(out, "e2e", ms(t.e2e_ms));
  add_line(out, "total", ms(t.total_ms));
  add_line(out, "gap p50", ms(t.gap_p50_ms));
  add_line(out, "gap p95", ms(t.gap_p95_ms));
  add_line(out, "longest stall", ms(t.max_stall_ms));
  add_line(out, "text events", std::to_string(t.text_events));
  add_line(out, "tokens",
           s.output_tokens
               ? fmt::format("{} ({})", *s.output_tokens, s.output_tokens_source.value_or("?"))
               : "-");
  add_line(out, "tokens/s", s.tokens_per_s ? fmt::format("{:.2f}", *s.tokens_per_s) : "-");
  add_line(out, "decode tokens/s",
           s.decode_tokens_per_s ? fmt::format("{:.2f}", *s.decode_tokens_per_s) : "-");
  add_server_lines(out, s);
  add_line(out, "status", s.http_status ? std::to_string(*s.http_status) : "-");
  if (s.retry_after_s) add_line(out, "retry after", fmt::format("{:.0f} s", *s.retry_after_s));

  std::string verdict =
      s.success ? "ok" : fmt::format("{}: {}", to_string(s.error_kind), s.error.value_or(""));
  add_line(out, "result", verdict);
  return out;
}

std::string probe_report_json(const ProbeTarget& target, const ProbeOutcome& outcome) {
  const Sample& s = outcome.sample;
  const ProbeTiming& t = outcome.timing;
  json timing = {{"dns_ms", or_null(t.dns_ms)},
                 {"connect_ms", or_null(t.connect_ms)},
                 {"tls_ms", or_null(t.tls_ms)},
                 {"first_byte_ms", or_null(t.first_byte_ms)},
                 {"first_chunk_ms", or_null(t.first_chunk_ms)},
                 {"ttft_ms", or_null(t.ttft_ms)},
                 {"first_answer_ms", or_null(t.first_answer_ms)},
                 {"itl_ms", or_null(s.itl_ms)},
                 {"e2e_ms", or_null(t.e2e_ms)},
                 {"total_ms", or_null(t.total_ms)},
                 {"gap_p50_ms", or_null(t.gap_p50_ms)},
                 {"gap_p95_ms", or_null(t.gap_p95_ms)},
                 {"max_stall_ms", or_null(t.max_stall_ms)},
                 {"text_events", t.text_events},
                 {"body_bytes", t.body_bytes}};
  json server = {{"total_duration_ms", or_null(s.total_duration_ms)},
                 {"load_duration_ms", or_null(s.load_duration_ms)},
                 {"prompt_eval_duration_ms", or_null(s.prompt_eval_duration_ms)},
                 {"eval_duration_ms", or_null(s.eval_duration_ms)},
                 {"prompt_eval_count", or_null(s.prompt_eval_count)},
                 {"eval_count", or_null(s.eval_count)}};
  json out = {{"provider", target.provider},
              {"model", target.model},
              {"url", target.base_url},
              {"timestamp", format_iso8601(s.timestamp_ms)},
              {"success", s.success},
              {"http_status", or_null(s.http_status)},
              {"error_kind", s.success ? json(nullptr) : json(to_string(s.error_kind))},
              {"error", or_null(s.error)},
              {"timing", timing},
              {"output_tokens", or_null(s.output_tokens)},
              {"output_tokens_source", or_null(s.output_tokens_source)},
              {"decode_tokens_per_s", or_null(s.decode_tokens_per_s)},
              {"retry_after_s", or_null(s.retry_after_s)},
              {"input_tokens", or_null(s.input_tokens)},
              {"tokens_per_s", or_null(s.tokens_per_s)},
              {"server", server}};
  return out.dump(2);
}

}  // namespace llmscope::probe
