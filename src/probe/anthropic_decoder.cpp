// Anthropic Messages streaming (/v1/messages): named SSE events.
// message_start (input usage), content_block_start, content_block_delta
// (text_delta, thinking_delta, input_json_delta for tool calls,
// signature_delta), content_block_stop, message_delta (cumulative
// output_tokens), message_stop (the end), ping, and error.
#include <nlohmann/json.hpp>

#include "probe/decoder_util.hpp"
#include "probe/sse_parser.hpp"

namespace llmscope::probe::detail {
namespace {

class AnthropicDecoder final : public SseStreamDecoder {
 private:
  void on_message(const SseMessage& msg, SteadyTime at,
                  std::vector<StreamEvent>& out) const override {
    std::optional<json> parsed = payload(msg, at, out);
    if (!parsed) return;
    const json& obj = *parsed;
    // The type is in the data too; the event name may be missing behind
    // proxies that drop it.
    std::string type = string_field(obj, "type");
    if (type.empty()) type = msg.event;

    if (type == "error") {
      out.push_back(make_event(StreamEventKind::error, at, error_message(obj, msg.data)));
    } else if (type == "content_block_delta") {
      on_delta(obj, at, out);
    } else if (type == "message_start") {
      auto m = obj.find("message");
      if (m != obj.end() && m->is_object()) push_usage(*m, at, out);
    } else if (type == "message_delta") {
      push_usage(obj, at, out);
    } else if (type == "message_stop") {
      out.push_back(make_event(StreamEventKind::done, at));
    } else {
      out.push_back(make_event(StreamEventKind::chunk, at));  // ping, block start/stop
    }
  }

  static void on_delta(const json& obj, SteadyTime at, std::vector<StreamEvent>& out) {
    auto d = obj.find("delta");
    if (d == obj.end() || !d->is_object()) {
      out.push_back(make_event(StreamEventKind::chunk, at));
      return;
    }
    std::string reasoning = string_field(*d, "thinking");
    std::string answer = string_field(*d, "text") + string_field(*d, "partial_json");
    std::size_t before = out.size();
    push_texts(out, at, std::move(reasoning), std::move(answer));
    if (out.size() == before) out.push_back(make_event(StreamEventKind::chunk, at));
  }

  // usage.output_tokens is cumulative: the last one seen is the count.
  static void push_usage(const json& holder, SteadyTime at, std::vector<StreamEvent>& out) {
    auto usage = holder.find("usage");
    if (usage == holder.end() || !usage->is_object()) {
      out.push_back(make_event(StreamEventKind::chunk, at));
      return;
    }
    StreamEvent u = make_event(StreamEventKind::usage, at);
    u.stats = ServerStats{};
    u.stats->output_tokens = int_field(*usage, "output_tokens");
    u.stats->input_tokens = int_field(*usage, "input_tokens");
    out.push_back(std::move(u));
  }
};

}  // namespace

std::unique_ptr<StreamDecoder> make_anthropic_decoder() {
  return std::make_unique<AnthropicDecoder>();
}

}  // namespace llmscope::probe::detail
