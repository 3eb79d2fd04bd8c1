#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "core/sample.hpp"

namespace llmscope::cli {

// One run of the llmperf leaderboard trace (tests/data/
// llmperf_leaderboard_requests.csv): the requests of one provider and
// model size, in the order llmperf collected them. Timestamps are left 0:
// the trace records none per request, the replay assigns them.
struct TraceRun {
  std::string provider;  // e.g. "together"
  std::string model;     // e.g. "meta-llama/Llama-2-13b-chat-hf"
  std::vector<Sample> samples;
};

// Reads the trace: seconds become milliseconds; a row with an error_code is
// a failed sample (429 -> http_429, others -> other) with its message.
// Runs are returned in the order they first appear.
std::expected<std::vector<TraceRun>, std::string> read_llmperf_trace(std::string_view csv);

}  // namespace llmscope::cli
