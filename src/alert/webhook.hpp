#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "alert/http_post.hpp"
#include "alert/message.hpp"

namespace llmscope::alert {

// The generic webhook body (documented in docs/ALERTS.md): event,
// delivery id, episode, series, rule, value, frozen limits, host
// telemetry and link.
nlohmann::json webhook_body(const AlertMessage& message);

// The headers that let a receiver check the body came from LLMscope:
//   X-LLMscope-Timestamp: Unix seconds when signed
//   X-LLMscope-Signature: "sha256=" + hex HMAC-SHA256 of the secret over
//                         "<timestamp>.<body>"
// plus X-LLMscope-Event and X-LLMscope-Delivery (an id to deduplicate).
// Without a secret only the last two are sent.
HttpHeaders webhook_headers(const AlertMessage& message, const std::string& body,
                            const std::string& secret, std::int64_t unix_seconds);

// Lower-case hex HMAC-SHA256 of `data` under `key`.
std::string hmac_sha256_hex(const std::string& key, const std::string& data);

}  // namespace llmscope::alert
