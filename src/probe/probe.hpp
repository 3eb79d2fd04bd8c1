#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>

#include "core/sample.hpp"
#include "core/target.hpp"

namespace llmscope::probe {

// How one probe request behaves beyond what its ProbeTarget says.
struct ProbeOptions {
  // Limit for DNS + TCP connect + TLS handshake. Default: the smaller of 10 s
  // and the target's timeout_s, so that an unreachable host fails as
  // timeout_connect long before the whole request's budget is spent.
  std::optional<double> connect_timeout_s;

  // Limit from the request's start to the first text. Default: none; the
  // target's timeout_s bounds the whole request, and a request that runs
  // out of it before any text fails as timeout_first_token anyway.
  std::optional<double> first_token_timeout_s;

  // A new connection per probe (default), so every sample pays for and
  // measures DNS, connect and TLS the same way and samples stay comparable.
  // false lets libcurl reuse connections (the Scheduler's multi handle
  // keeps a cache), as a long-lived client with keep-alive would.
  bool fresh_connection = true;

  // When set and true, the request is abandoned within about a second
  // (libcurl's progress callback rate) and fails as ErrorKind::other,
  // "cancelled". Must outlive the call.
  const std::atomic<bool>* cancel = nullptr;

  // Ask an openai server for usage (stream_options.include_usage). A
  // server that rejects the option is retried once without it: run_probe
  // does so at once; the Scheduler also remembers it for the target.
  bool openai_include_usage = true;

  // Resolve host names through this DNS-over-HTTPS server (an https URL,
  // CURLOPT_DOH_URL) instead of the system's resolver. Default: empty, the
  // system's. The tests point it at a closed loopback port so that a name
  // fails to resolve without any query leaving the machine.
  std::string doh_url;
};

// The detailed timing of one probe, like `curl -w`: every figure is
// milliseconds since t0, the steady-clock instant just before the request
// was handed to libcurl; nullopt when the probe never reached that point.
struct ProbeTiming {
  std::optional<double> dns_ms;      // name resolved (CURLINFO_NAMELOOKUP_TIME_T)
  std::optional<double> connect_ms;  // TCP connected (CURLINFO_CONNECT_TIME_T)
  std::optional<double> tls_ms;      // TLS done (CURLINFO_APPCONNECT_TIME_T); plain http: nullopt
  std::optional<double> first_byte_ms;    // first response byte (CURLINFO_STARTTRANSFER_TIME_T)
  std::optional<double> first_chunk_ms;   // first stream record of any kind (role-only, ping...)
  std::optional<double> ttft_ms;          // first event that carries text (answer or reasoning)
  std::optional<double> first_answer_ms;  // first answer text, when reasoning came first
  std::optional<double> e2e_ms;           // last event that carries text
  std::optional<double> total_ms;         // the transfer ended (stream end, or failure)
  // Gaps between consecutive text events, from the first to the last:
  // median, 95th percentile (linear between ranks) and the longest.
  std::optional<double> gap_p50_ms;
  std::optional<double> gap_p95_ms;
  std::optional<double> max_stall_ms;
  std::int64_t text_events = 0;  // events that carried text
  std::int64_t body_bytes = 0;   // response body bytes received
};

// The result of one probe. `sample` is what the rest of the program stores:
// provider and model from the target, timestamp_ms = wall clock at t0; on
// success latency_ms = e2e_ms (see docs/PROBES.md), ttft_ms, itl_ms,
// tokens_per_s, token counts and the server's own timings; on failure
// success = false, error_kind, error (short message), http_status when a
// response arrived, and no latency figures at all, so a failure never
// enters a latency series. `timing` keeps whatever was measured, also on
// failure, for `llmscope probe` and debugging.
struct ProbeOutcome {
  Sample sample;
  ProbeTiming timing;
  // An openai server answered 400/422 to a request that asked for usage:
  // the caller should retry once with openai_include_usage = false.
  bool usage_option_rejected = false;
};

// Sends target.prompt to the target once, streaming, and measures it.
// Providers: "ollama" (POST {base_url}/api/generate), "ollama-chat" (POST
// {base_url}/api/chat), "openai" (POST {base_url}/v1/chat/completions; a
// base_url that already ends in /v1 is not doubled), "anthropic" (POST
// {base_url}/v1/messages) and "http" (target.http_method on base_url
// itself; success = expect_status and, when set, expect_body in the body;
// latency_ms = total, ttft_ms = first byte). The key (api_key_env's
// variable, else api_key) goes in "Authorization: Bearer" or, for
// anthropic, "x-api-key" with "anthropic-version"; target.headers are
// added as given. An openai server rejecting stream_options is retried
// once without it.
//
// Blocks the calling thread for up to target.timeout_s (plus about a second
// when the server stalls and only `cancel` can end it). Never throws for
// network or protocol trouble: every failure is an ErrorKind in the sample.
// Thread-safe: concurrent calls share nothing.
ProbeOutcome run_probe(const ProbeTarget& target, const ProbeOptions& options = {});

}  // namespace llmscope::probe
