#pragma once

#include <optional>
#include <string>

namespace llmscope::alert {

// What one attempt to deliver came to. `permanent` failures are not
// retried: an HTTP 4xx other than 429 (the receiver refuses this request
// and will again), an SMTP 5xx, a refused login, a server that cannot do
// the TLS the settings require.
struct SendResult {
  bool ok = false;
  bool permanent = false;
  std::optional<int> code;  // HTTP status or last SMTP reply code
  std::string error;        // empty when ok; never holds a secret

  static SendResult success(int code) { return {true, false, code, ""}; }
  static SendResult failure(bool permanent, std::optional<int> code, std::string error) {
    return {false, permanent, code, std::move(error)};
  }
};

}  // namespace llmscope::alert
