#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "core/alert.hpp"

namespace llmscope::alert {

// How an email reaches the mail server.
//   starttls: plain connection upgraded with STARTTLS, which must succeed
//             (port 587); the message is never sent in clear.
//   tls:      TLS from the first byte (port 465).
//   none:     no TLS at all, for a relay on this machine; credentials are
//             then only sent to a loopback address.
enum class SmtpSecurity { starttls, tls, none };

struct EmailSettings {
  bool enabled = false;
  std::string server;  // host name or address
  int port = 587;
  SmtpSecurity security = SmtpSecurity::starttls;
  std::string user;             // empty: no AUTH
  std::string password;         // secret
  std::string from;             // envelope and header sender
  std::vector<std::string> to;  // at least one recipient
  std::string ca_file;          // extra trusted CA (PEM); empty: the system's
  std::vector<int> rules;       // rule ids (core/violation.hpp) that notify; empty: all

  bool configured() const { return !server.empty() && !from.empty() && !to.empty(); }
};

struct SlackSettings {
  bool enabled = false;
  std::string webhook_url;  // secret: anyone holding it can post
  std::vector<int> rules;
  bool configured() const { return !webhook_url.empty(); }
};

struct WebhookSettings {
  bool enabled = false;
  std::string url;     // secret, like Slack's
  std::string secret;  // HMAC key; empty: the body is not signed
  std::vector<int> rules;
  bool configured() const { return !url.empty(); }
};

// Everything the outbox and the channels need, as one immutable value:
// the service builds a new one whenever a setting changes.
struct AlertSettings {
  EmailSettings email;
  SlackSettings slack;
  WebhookSettings webhook;
  std::string public_url;  // base of links in messages; empty: no link
  bool notify_on_close = false;
  bool notify_on_resolve = false;
  std::int64_t reminder_interval_ms = 0;           // 0: no reminders
  std::chrono::milliseconds send_timeout{20'000};  // per attempt

  // Whether `channel` is on and sends for rule id `rule`.
  bool notifies(AlertChannel channel, int rule) const;
};

// When to try again. Attempt n (1-based) that failed is retried after
// first_delay * 2^(n-1), at most max_delay; a delivery still failing
// give_up_after its creation is marked failed.
struct RetrySchedule {
  std::chrono::milliseconds first_delay{30'000};
  std::chrono::milliseconds max_delay{3'600'000};
  std::chrono::milliseconds give_up_after{86'400'000};
  std::chrono::milliseconds poll_interval{1'000};  // checks for due work

  std::chrono::milliseconds delay_after(int failed_attempts) const;
};

}  // namespace llmscope::alert
