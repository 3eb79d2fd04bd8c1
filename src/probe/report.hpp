#pragma once

#include <string>

#include "core/target.hpp"
#include "probe/probe.hpp"

namespace llmscope::probe {

// A human-readable timing breakdown of one probe, one figure per line in
// the order the phases happen (like `curl -w`), "-" for a phase never
// reached; ends with the verdict. Never contains headers or keys.
std::string format_probe_report(const ProbeTarget& target, const ProbeOutcome& outcome);

// The same as one JSON object (pretty-printed); absent figures are null.
// Keys: provider, model, url, success, http_status, error_kind, error,
// timing {dns_ms, connect_ms, tls_ms, first_byte_ms, first_chunk_ms,
// ttft_ms, first_answer_ms, itl_ms, e2e_ms, total_ms, gap_p50_ms,
// gap_p95_ms, max_stall_ms, text_events, body_bytes}, output_tokens,
// output_tokens_source, decode_tokens_per_s, retry_after_s, input_tokens,
// tokens_per_s, server {total_duration_ms, load_duration_ms,
// prompt_eval_duration_ms, eval_duration_ms, prompt_eval_count, eval_count},
// timestamp (ISO 8601 UTC).
std::string probe_report_json(const ProbeTarget& target, const ProbeOutcome& outcome);

}  // namespace llmscope::probe
