#include "probe/stream_decoder.hpp"

#include <nlohmann/json.hpp>

#include "probe/decoder_util.hpp"
#include "probe/sse_parser.hpp"

namespace llmscope::probe {
namespace {

using namespace detail;

std::optional<double> ns_to_ms(const json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_number()) return std::nullopt;
  return it->get<double>() / 1e6;
}

// Tool calls count as text: the model is generating them token by token.
std::string tool_calls_text(const json& holder) {
  auto calls = holder.find("tool_calls");
  if (calls == holder.end() || !calls->is_array() || calls->empty()) return "";
  std::string text;
  for (const json& call : *calls) {
    auto fn = call.is_object() ? call.find("function") : call.end();
    if (fn == call.end() || !fn->is_object()) continue;
    text += string_field(*fn, "name");
    auto args = fn->find("arguments");
    if (args != fn->end()) text += args->is_string() ? args->get<std::string>() : args->dump();
  }
  return text;
}

// Ollama: one JSON object per line; text in "response" (generate) or
// "message.content" (chat), reasoning in "thinking"; the last object has
// done:true and the server's timings.
class OllamaDecoder final : public StreamDecoder {
 public:
  std::vector<StreamEvent> feed(std::string_view bytes, SteadyTime at) override {
    std::vector<StreamEvent> out;
    for (const std::string& line : lines_.feed(bytes)) on_line(line, at, out);
    return out;
  }

  std::vector<StreamEvent> finish(SteadyTime at) override {
    std::vector<StreamEvent> out;
    for (const std::string& line : lines_.finish()) on_line(line, at, out);
    return out;
  }

 private:
  static void on_line(const std::string& line, SteadyTime at, std::vector<StreamEvent>& out) {
    json obj = json::parse(line, nullptr, false);
    if (obj.is_discarded() || !obj.is_object()) {
      out.push_back(
          make_event(StreamEventKind::malformed, at, "not a JSON object: " + line.substr(0, 80)));
      return;
    }
    if (obj.contains("error")) {
      out.push_back(make_event(StreamEventKind::error, at, error_message(obj, line)));
      return;
    }

    std::string reasoning = string_field(obj, "thinking");
    std::string answer = string_field(obj, "response");
    if (auto msg = obj.find("message"); msg != obj.end() && msg->is_object()) {
      reasoning += string_field(*msg, "thinking");
      answer += string_field(*msg, "content") + tool_calls_text(*msg);
    }
    std::size_t before = out.size();
    push_texts(out, at, std::move(reasoning), std::move(answer));

    auto done = obj.find("done");
    if (done != obj.end() && done->is_boolean() && done->get<bool>()) {
      StreamEvent final_event = make_event(StreamEventKind::done, at);
      final_event.stats = stats_of(obj);
      final_event.marks_token = true;
      out.push_back(std::move(final_event));
    }
    if (out.size() == before) out.push_back(make_event(StreamEventKind::chunk, at));
  }

  static ServerStats stats_of(const json& obj) {
    ServerStats s;
    s.total_duration_ms = ns_to_ms(obj, "total_duration");
    s.load_duration_ms = ns_to_ms(obj, "load_duration");
    s.prompt_eval_duration_ms = ns_to_ms(obj, "prompt_eval_duration");
    s.eval_duration_ms = ns_to_ms(obj, "eval_duration");
    s.prompt_eval_count = int_field(obj, "prompt_eval_count");
    s.eval_count = int_field(obj, "eval_count");
    s.output_tokens = s.eval_count;
    s.input_tokens = s.prompt_eval_count;
    return s;
  }

  LineSplitter lines_;
};

// OpenAI-compatible: SSE whose data is a chat.completion.chunk; text in
// choices[].delta.content, reasoning in delta.reasoning (Groq, Ollama's
// /v1) or delta.reasoning_content (vLLM, DeepSeek); usage in a late chunk
// when stream_options.include_usage was asked; "data: [DONE]" ends it.
class OpenAiDecoder final : public SseStreamDecoder {
 private:
  void on_message(const SseMessage& msg, SteadyTime at,
                  std::vector<StreamEvent>& out) const override {
    if (msg.event.empty() && msg.data == "[DONE]") {
      out.push_back(make_event(StreamEventKind::done, at));
      return;
    }
    std::optional<json> parsed = payload(msg, at, out);
    if (!parsed) return;
    const json& obj = *parsed;
    if (obj.contains("error")) {
      out.push_back(make_event(StreamEventKind::error, at, error_message(obj, msg.data)));
      return;
    }

    std::size_t before = out.size();
    auto [reasoning, answer] = choices_text(obj);
    push_texts(out, at, std::move(reasoning), std::move(answer));
    if (auto usage = obj.find("usage"); usage != obj.end() && usage->is_object()) {
      StreamEvent u = make_event(StreamEventKind::usage, at);
      u.stats = ServerStats{};
      u.stats->output_tokens = int_field(*usage, "completion_tokens");
      u.stats->input_tokens = int_field(*usage, "prompt_tokens");
      out.push_back(std::move(u));
    }
    if (out.size() == before) out.push_back(make_event(StreamEventKind::chunk, at));
  }

  // (reasoning, answer) of all choices; tool-call fragments are answer.
  static std::pair<std::string, std::string> choices_text(const json& obj) {
    std::string reasoning, answer;
    auto choices = obj.find("choices");
    if (choices == obj.end() || !choices->is_array()) return {};
    for (const json& choice : *choices) {
      if (!choice.is_object()) continue;
      auto delta = choice.find("delta");
      if (delta != choice.end() && delta->is_object()) {
        reasoning += string_field(*delta, "reasoning");
        reasoning += string_field(*delta, "reasoning_content");
        answer += string_field(*delta, "content") + tool_calls_text(*delta);
      }
      answer += string_field(choice, "text");  // legacy /v1/completions
    }
    return {reasoning, answer};
  }
};

}  // namespace

std::unique_ptr<StreamDecoder> make_stream_decoder(std::string_view provider) {
  if (provider == "ollama" || provider == "ollama-chat") return std::make_unique<OllamaDecoder>();
  if (provider == "openai") return std::make_unique<OpenAiDecoder>();
  if (provider == "anthropic") return detail::make_anthropic_decoder();
  return nullptr;
}

}  // namespace llmscope::probe
