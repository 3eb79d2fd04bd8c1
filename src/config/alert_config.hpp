#pragma once

#include <expected>
#include <map>
#include <optional>
#include <string>

namespace llmscope::config {

// Alerting as configured (the [alerts] table and the original LLMscope's
// environment variables). These are the defaults of the run-time settings
// of the same names, which the API can change; the retry schedule is only
// configured here.
struct AlertConfig {
  // Email (SMTP_SERVER, SMTP_PORT, SMTP_USER, SMTP_PASSWORD,
  // ALERT_EMAIL_FROM, ALERT_EMAIL_TO: comma-separated).
  std::string smtp_server;
  int smtp_port = 587;  // submission with STARTTLS, what providers expect
  // starttls | tls | none; empty: tls on port 465, else starttls. TLS is
  // never optional: a server without it is refused unless "none".
  std::string smtp_security;
  std::string smtp_user;
  std::string smtp_password;
  std::string smtp_ca_file;  // extra trusted CA, for a private mail server
  std::string email_from;
  std::string email_to;
  // enable_*: unset means on when the channel is configured, so that the
  // original's variables alone turn alerts on, as they did.
  std::optional<bool> enable_email;
  std::optional<bool> enable_slack;
  std::optional<bool> enable_webhook;
  std::string slack_webhook_url;  // SLACK_WEBHOOK_URL
  std::string webhook_url;        // WEBHOOK_URL
  std::string webhook_secret;     // WEBHOOK_SECRET: HMAC key
  // Rules that notify per channel ("R1,R2"); empty: every alerting rule.
  std::string email_rules, slack_rules, webhook_rules;

  std::string public_url;  // PUBLIC_URL: base of links in alerts
  bool notify_on_close = false;
  bool notify_on_resolve = false;
  double reminder_minutes = 0;  // 0: no reminders (people asked for quiet)

  // Retries: 30 s doubling to 1 h, giving up after 24 h, which rides out
  // a mail server's restart or an afternoon's outage without a flood.
  double retry_first_s = 30;
  double retry_max_s = 3600;
  double give_up_after_h = 24;
  double send_timeout_s = 20;  // one attempt; SMTP servers can be slow
  double poll_interval_s = 1;  // how often the worker looks for due work
};

// Applies the alert environment variables.
std::expected<void, std::string> apply_alert_env(const std::map<std::string, std::string>& env,
                                                 AlertConfig& c);

// Checks ranges and names; errors name the key.
std::expected<void, std::string> validate_alerts(const AlertConfig& c);

}  // namespace llmscope::config
