#pragma once

#include <nlohmann/json.hpp>

#include "alert/message.hpp"

namespace llmscope::alert {

// The incoming-webhook payload: `text` as the plain-text fallback (shown in
// notifications and by clients without blocks) and one attachment coloured
// by rule holding Block Kit blocks. Every field is cut to Slack's limits
// (header 150 characters, section text 3,000, a field 2,000, a button 75)
// so that Slack never rejects the payload for its size.
nlohmann::json slack_payload(const AlertMessage& message);

// The attachment colour of a rule: "#rrggbb".
std::string rule_colour(std::string_view rule);

}  // namespace llmscope::alert
