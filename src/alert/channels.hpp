#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "alert/alert_settings.hpp"
#include "alert/message.hpp"
#include "alert/send_result.hpp"

namespace llmscope::alert {

// Formats `message` for `channel` and sends it once, with the settings'
// timeout. Blocks; thread-safe. A channel that is not configured fails
// permanently (enabled or not: a test send works on a disabled channel).
SendResult send_message(AlertChannel channel, const AlertMessage& message,
                        const AlertSettings& settings, EpochMs now);

// The formatted email: what send_message(email) hands to the server.
std::string email_for(const AlertMessage& message, const EmailSettings& email, EpochMs now);

// JSON text that is valid whatever the input bytes (invalid UTF-8 becomes
// U+FFFD instead of an exception).
std::string dump_json(const nlohmann::json& j);

}  // namespace llmscope::alert
