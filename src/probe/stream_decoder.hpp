#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace llmscope::probe {

using SteadyClock = std::chrono::steady_clock;
using SteadyTime = SteadyClock::time_point;

// What a server reports about the request at the end of a stream. Counts
// are tokens; durations are milliseconds (Ollama reports nanoseconds).
struct ServerStats {
  std::optional<std::int64_t> output_tokens;  // usage.completion_tokens, eval_count
  std::optional<std::int64_t> input_tokens;   // usage.prompt_tokens, prompt_eval_count
  std::optional<double> total_duration_ms;
  std::optional<double> load_duration_ms;
  std::optional<double> prompt_eval_duration_ms;
  std::optional<double> eval_duration_ms;
  std::optional<std::int64_t> prompt_eval_count;
  std::optional<std::int64_t> eval_count;
};

// One meaningful thing found in a response stream.
enum class StreamEventKind {
  text,       // generated text (answer, reasoning or tool call), non-empty
  usage,      // server statistics (OpenAI's usage chunk, Anthropic's usage)
  done,       // the final event: Ollama done:true, OpenAI [DONE], message_stop
  error,      // the server reported an error inside the stream
  malformed,  // a payload that is not the JSON the protocol promises
  chunk,      // a record that carries none of the above: a role-only chunk,
              // an empty delta, Anthropic's ping or content_block_start
};

struct StreamEvent {
  StreamEventKind kind = StreamEventKind::text;
  SteadyTime at;                     // arrival of the piece that completed it
  std::string text;                  // text, or the error / parse message
  std::optional<ServerStats> stats;  // with usage and (Ollama) done

  // The event marks the arrival of a generated token: every text event, and
  // Ollama's final object, which carries the end-of-sequence token that its
  // eval_count includes (12 text chunks + done = eval_count 13 in the
  // recordings). Used for the inter-token latency.
  bool marks_token = false;

  // A text event whose text is reasoning ("thinking"), not the answer.
  bool reasoning = false;
};

// Turns a provider's response body, fed in arbitrary pieces as they arrive,
// into events stamped with the arrival time of their piece. Pure: no I/O and
// no clock of its own, so it is tested on recorded bodies.
//
// What counts as text: a non-empty answer or reasoning fragment. A role-only
// chunk, an empty delta or a keep-alive is not text.
class StreamDecoder {
 public:
  virtual ~StreamDecoder() = default;
  virtual std::vector<StreamEvent> feed(std::string_view bytes, SteadyTime at) = 0;
  // The body ended (cleanly or not); flushes a last unterminated record.
  virtual std::vector<StreamEvent> finish(SteadyTime at) = 0;
};

// Decoder for a provider name: "ollama" and "ollama-chat" (NDJSON from
// /api/generate or /api/chat), "openai" (SSE from /v1/chat/completions) or
// "anthropic" (SSE from /v1/messages). nullptr for any other name.
std::unique_ptr<StreamDecoder> make_stream_decoder(std::string_view provider);

}  // namespace llmscope::probe
