#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace llmscope::probe {

// One server-sent event as dispatched by the blank line that ends it.
// `event` is empty when the server sent no `event:` field (the spec's
// default type "message"); `data` joins several `data:` lines with '\n'.
struct SseMessage {
  std::string event;
  std::string data;
};

// Incremental parser of a text/event-stream body (WHATWG HTML, "server-sent
// events"). Feed it the body in arbitrary pieces; it returns the events that
// each piece completes. Lines end in LF, CRLF or CR, and a CRLF split
// between two pieces is one line end. Comment lines (":" first) are skipped,
// one space after the field's colon is dropped, unknown fields are ignored,
// an event with no data is not dispatched.
//
// Not thread-safe; one parser per stream. Pure: no I/O, no clock.
class SseParser {
 public:
  std::vector<SseMessage> feed(std::string_view bytes);

  // The stream ended. Returns the last event when the body ended without the
  // blank line that should close it. The spec would drop that event; a
  // monitor keeps it, since a missing final blank line is a formatting slip,
  // not a lost answer (a truncated stream lacks its final event instead).
  std::vector<SseMessage> finish();

 private:
  void on_line(std::string_view line, std::vector<SseMessage>& out);
  void dispatch(std::vector<SseMessage>& out);

  std::string line_;      // the incomplete line carried between pieces
  bool skip_lf_ = false;  // the previous piece ended in CR
  std::string event_;
  std::string data_;
  bool has_data_ = false;
};

// Incremental splitter of newline-delimited JSON (Ollama's streams): returns
// each complete, non-blank line, without its LF or CRLF. Lines may be split
// across pieces anywhere. Not thread-safe; pure.
class LineSplitter {
 public:
  std::vector<std::string> feed(std::string_view bytes);

  // The stream ended: the last line if it had no final newline.
  std::vector<std::string> finish();

 private:
  std::string line_;
};

}  // namespace llmscope::probe
