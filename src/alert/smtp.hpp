#pragma once

#include <chrono>
#include <string>

#include "alert/alert_settings.hpp"
#include "alert/send_result.hpp"

namespace llmscope::alert {

// Sends one formatted message (see format_mail) to every recipient of
// `settings` through libcurl's SMTP client, with the TLS `settings.security`
// asks for. Blocks up to `timeout`. Thread-safe (one curl handle per call).
SendResult send_mail(const EmailSettings& settings, const std::string& message,
                     std::chrono::milliseconds timeout);

// Whether `host` names this machine's loopback interface.
bool is_loopback_host(const std::string& host);

}  // namespace llmscope::alert
