#include "probe/sse_parser.hpp"

namespace llmscope::probe {

std::vector<SseMessage> SseParser::feed(std::string_view bytes) {
  std::vector<SseMessage> out;
  for (char c : bytes) {
    // The LF of a CRLF whose CR ended the previous line.
    if (skip_lf_) {
      skip_lf_ = false;
      if (c == '\n') continue;
    }
    if (c == '\r' || c == '\n') {
      skip_lf_ = (c == '\r');
      on_line(line_, out);
      line_.clear();
      continue;
    }
    line_.push_back(c);
  }
  return out;
}

std::vector<SseMessage> SseParser::finish() {
  std::vector<SseMessage> out;
  if (!line_.empty()) {
    on_line(line_, out);
    line_.clear();
  }
  dispatch(out);
  return out;
}

void SseParser::on_line(std::string_view line, std::vector<SseMessage>& out) {
  if (line.empty()) {
    dispatch(out);
    return;
  }
  if (line.front() == ':') return;  // comment, e.g. a keep-alive

  // "field: value", "field:value" or a bare "field" (empty value).
  std::string_view field = line;
  std::string_view value;
  if (auto colon = line.find(':'); colon != std::string_view::npos) {
    field = line.substr(0, colon);
    value = line.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  }

  if (field == "data") {
    if (has_data_) data_.push_back('\n');
    data_.append(value);
    has_data_ = true;
  } else if (field == "event") {
    event_.assign(value);
  }
}

void SseParser::dispatch(std::vector<SseMessage>& out) {
  if (has_data_) out.push_back({event_, data_});
  event_.clear();
  data_.clear();
  has_data_ = false;
}

std::vector<std::string> LineSplitter::feed(std::string_view bytes) {
  std::vector<std::string> out;
  for (char c : bytes) {
    if (c != '\n') {
      line_.push_back(c);
      continue;
    }
    if (!line_.empty() && line_.back() == '\r') line_.pop_back();
    if (line_.find_first_not_of(" \t") != std::string::npos) {
      out.push_back(std::move(line_));
    }
    line_.clear();
  }
  return out;
}

std::vector<std::string> LineSplitter::finish() {
  std::vector<std::string> out = feed("\n");
  return out;
}

}  // namespace llmscope::probe
