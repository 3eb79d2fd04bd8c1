#pragma once

// Small JSON helpers shared by the stream decoders (internal to probe/).
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "probe/sse_parser.hpp"
#include "probe/stream_decoder.hpp"

namespace llmscope::probe::detail {

using nlohmann::json;

inline std::optional<std::int64_t> int_field(const json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_number_integer()) return std::nullopt;
  return it->get<std::int64_t>();
}

inline std::string string_field(const json& obj, const char* key) {
  auto it = obj.find(key);
  return (it != obj.end() && it->is_string()) ? it->get<std::string>() : "";
}

// The human part of an error payload: {"error":"..."}, {"error":{"message":
// "..."}}, {"message":"..."} or the raw text when it is neither.
inline std::string error_message(const json& payload, std::string_view raw) {
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

inline StreamEvent make_event(StreamEventKind kind, SteadyTime at, std::string text = {}) {
  bool token = kind == StreamEventKind::text;
  return StreamEvent{kind, at, std::move(text), std::nullopt, token, false};
}

// Appends the text events of one record: reasoning first (it comes first
// in every provider's output), then the answer; a record with neither
// gives a `chunk` event so that it still counts as a chunk.
inline void push_texts(std::vector<StreamEvent>& out, SteadyTime at, std::string reasoning,
                       std::string answer) {
  if (!reasoning.empty()) {
    StreamEvent e = make_event(StreamEventKind::text, at, std::move(reasoning));
    e.reasoning = true;
    out.push_back(std::move(e));
  }
  if (!answer.empty()) out.push_back(make_event(StreamEventKind::text, at, std::move(answer)));
}

// A decoder of a server-sent-events body: feeds the SSE parser and hands
// each complete message to on_message.
class SseStreamDecoder : public StreamDecoder {
 public:
  std::vector<StreamEvent> feed(std::string_view bytes, SteadyTime at) final {
    std::vector<StreamEvent> out;
    for (const SseMessage& msg : sse_.feed(bytes)) on_message(msg, at, out);
    return out;
  }

  std::vector<StreamEvent> finish(SteadyTime at) final {
    std::vector<StreamEvent> out;
    for (const SseMessage& msg : sse_.finish()) on_message(msg, at, out);
    return out;
  }

 protected:
  virtual void on_message(const SseMessage& msg, SteadyTime at,
                          std::vector<StreamEvent>& out) const = 0;

  // The message's data as a JSON object; nullopt once an `error` event
  // (an SSE error) or a `malformed` one (not a JSON object) was pushed.
  static std::optional<json> payload(const SseMessage& msg, SteadyTime at,
                                     std::vector<StreamEvent>& out) {
    json obj = json::parse(msg.data, nullptr, false);
    if (msg.event == "error") {
      out.push_back(make_event(StreamEventKind::error, at, error_message(obj, msg.data)));
      return std::nullopt;
    }
    if (obj.is_discarded() || !obj.is_object()) {
      out.push_back(make_event(StreamEventKind::malformed, at,
                               "not a JSON object: " + msg.data.substr(0, 80)));
      return std::nullopt;
    }
    return obj;
  }

 private:
  SseParser sse_;
};

std::unique_ptr<StreamDecoder> make_anthropic_decoder();

}  // namespace llmscope::probe::detail
