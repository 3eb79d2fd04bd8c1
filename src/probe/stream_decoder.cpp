#include "probe/stream_decoder.hpp"

#include <nlohmann/json.hpp>

#include "probe/sse_parser.hpp"

namespace llmscope::probe {
namespace {

using nlohmann::json;

std::optional<std::int64_t> int_field(const json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_number_integer()) return std::nullopt;
  return it->get<std::int64_t>();
}

std::optional<double> ns_to_ms(const json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_number()) return std::nullopt;
  return it->get<double>() / 1e6;
}

std::string string_field(const json& obj, const char* key) {
  auto it = obj.find(key);
  return (it != obj.end() && it->is_string()) ? it->get<std::string>() : "";
}

// The human part of an error payload: {"error":"..."}, {"error":{"message":
// "..."}} or the raw text when it is neither.
std::string error_message(const json& payload, std::string_view raw) {
  if (payload.is_object()) {
    auto it = payload.find("error");
    if (it != payload.end() && it->is_string()) return it->get<std::string>();
    if (it != payload.end() && it->is_object()) {
      std::string msg = string_field(*it, "message");
      if (!msg.empty()) return msg;
    }
    std::string msg = string_field(payload, "message");
    if (!msg.empty()) return msg;
  }
  return std::string(raw.substr(0, 200));
}

StreamEvent event(StreamEventKind kind, SteadyTime at, std::string text = {}) {
  bool token = kind == StreamEventKind::text;
  return StreamEvent{kind, at, std::move(text), std::nullopt, token};
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
          event(StreamEventKind::malformed, at, "not a JSON object: " + line.substr(0, 80)));
      return;
    }
    if (obj.contains("error")) {
      out.push_back(event(StreamEventKind::error, at, error_message(obj, line)));
      return;
    }

    std::string text = string_field(obj, "response") + string_field(obj, "thinking");
    if (auto msg = obj.find("message"); msg != obj.end() && msg->is_object()) {
      text += string_field(*msg, "content") + string_field(*msg, "thinking");
    }
    if (!text.empty()) out.push_back(event(StreamEventKind::text, at, text));

    auto done = obj.find("done");
    if (done != obj.end() && done->is_boolean() && done->get<bool>()) {
      StreamEvent final_event = event(StreamEventKind::done, at);
      final_event.stats = stats_of(obj);
      final_event.marks_token = true;
      out.push_back(std::move(final_event));
    }
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
class OpenAiDecoder final : public StreamDecoder {
 public:
  std::vector<StreamEvent> feed(std::string_view bytes, SteadyTime at) override {
    std::vector<StreamEvent> out;
    for (const SseMessage& msg : sse_.feed(bytes)) on_message(msg, at, out);
    return out;
  }

  std::vector<StreamEvent> finish(SteadyTime at) override {
    std::vector<StreamEvent> out;
    for (const SseMessage& msg : sse_.finish()) on_message(msg, at, out);
    return out;
  }

 private:
  static void on_message(const SseMessage& msg, SteadyTime at, std::vector<StreamEvent>& out) {
    if (msg.event.empty() && msg.data == "[DONE]") {
      out.push_back(event(StreamEventKind::done, at));
      return;
    }
    json obj = json::parse(msg.data, nullptr, false);
    if (msg.event == "error") {
      out.push_back(event(StreamEventKind::error, at, error_message(obj, msg.data)));
      return;
    }
    if (obj.is_discarded() || !obj.is_object()) {
      out.push_back(
          event(StreamEventKind::malformed, at, "not a JSON object: " + msg.data.substr(0, 80)));
      return;
    }
    if (obj.contains("error")) {
      out.push_back(event(StreamEventKind::error, at, error_message(obj, msg.data)));
      return;
    }

    std::string text = choices_text(obj);
    if (!text.empty()) out.push_back(event(StreamEventKind::text, at, text));
    if (auto usage = obj.find("usage"); usage != obj.end() && usage->is_object()) {
      StreamEvent u = event(StreamEventKind::usage, at);
      u.stats = ServerStats{};
      u.stats->output_tokens = int_field(*usage, "completion_tokens");
      u.stats->input_tokens = int_field(*usage, "prompt_tokens");
      out.push_back(std::move(u));
    }
  }

  static std::string choices_text(const json& obj) {
    std::string text;
    auto choices = obj.find("choices");
    if (choices == obj.end() || !choices->is_array()) return text;
    for (const json& choice : *choices) {
      if (!choice.is_object()) continue;
      auto delta = choice.find("delta");
      if (delta != choice.end() && delta->is_object()) {
        text += string_field(*delta, "content");
        text += string_field(*delta, "reasoning");
        text += string_field(*delta, "reasoning_content");
      }
      text += string_field(choice, "text");  // legacy /v1/completions
    }
    return text;
  }

  SseParser sse_;
};

}  // namespace

std::unique_ptr<StreamDecoder> make_stream_decoder(std::string_view provider) {
  if (provider == "ollama") return std::make_unique<OllamaDecoder>();
  if (provider == "openai") return std::make_unique<OpenAiDecoder>();
  return nullptr;
}

}  // namespace llmscope::probe
