#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/alert.hpp"
#include "core/violation.hpp"

namespace llmscope::alert {

// What one alert says, whatever the channel: the event and the episode as
// stored (its statistics frozen when it opened). Built by the worker right
// before sending, so that a retry shows the episode's latest state.
struct AlertMessage {
  AlertEvent event = AlertEvent::opened;
  Violation violation;
  std::int64_t delivery_id = 0;  // 0 for a test message
  bool test = false;
  std::string link;  // to the violation in the dashboard; may be empty
};

// The link to a violation under `public_url` ("" when no URL is set).
std::string violation_link(std::string_view public_url, std::int64_t violation_id);

// A test message for POST /api/alerts/test: a made-up episode, marked as
// a test everywhere it shows.
AlertMessage test_message(std::string_view public_url, EpochMs now);

// What a Nelson rule ("R1".."R8") means, in a few words.
std::string_view rule_description(std::string_view rule);

// One line: "[LLMscope] R2 opened on ollama/llama3.2:1b latency_ms".
// Not truncated; channels cut it to their limits.
std::string headline(const AlertMessage& m);

// The plain text body, several lines, with the frozen statistics.
std::string plain_text(const AlertMessage& m);

// The same as an HTML document (every value escaped).
std::string html(const AlertMessage& m);

// At most `max_chars` code points of valid UTF-8 ending in "…" when cut;
// invalid bytes become U+FFFD.
std::string truncate_utf8(std::string_view text, std::size_t max_chars);

// A number as people read it: 812.4, 0.0123, 1.2e+06.
std::string format_number(double v);

}  // namespace llmscope::alert
