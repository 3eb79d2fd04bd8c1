#include "config/alert_config.hpp"

#include <cmath>
#include <cstdlib>
#include <set>

#include "config/alert_toml.hpp"

namespace llmscope::config {
namespace {

using Error = std::string;

std::optional<bool> to_bool(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (text == "1" || text == "true" || text == "yes" || text == "on") return true;
  if (text == "0" || text == "false" || text == "no" || text == "off") return false;
  return std::nullopt;
}

// One [alerts] key: its reader stores a value of the node's type or fails.
template <typename T>
std::expected<void, Error> take(const toml::table& t, const char* key, T& out) {
  const toml::node* node = t.get(key);
  if (!node) return {};
  if constexpr (std::is_same_v<T, std::string>) {
    if (auto v = node->value<std::string>()) {
      out = *v;
      return {};
    }
  } else if constexpr (std::is_same_v<T, bool> || std::is_same_v<T, std::optional<bool>>) {
    if (auto v = node->value<bool>()) {
      out = *v;
      return {};
    }
  } else if constexpr (std::is_same_v<T, int>) {
    if (auto v = node->value<std::int64_t>(); v && node->is_integer()) {
      out = static_cast<int>(*v);
      return {};
    }
  } else {
    if (node->is_number()) {
      out = *node->value<double>();
      return {};
    }
  }
  return std::unexpected(std::string("[alerts] ") + key + ": wrong type");
}

}  // namespace

std::expected<void, std::string> read_alert_table(const toml::table& t, AlertConfig& c) {
  static const std::set<std::string, std::less<>> kKeys = {
      "smtp_server",      "smtp_port",      "smtp_security",   "smtp_user",
      "smtp_password",    "smtp_ca_file",   "email_from",      "email_to",
      "enable_email",     "enable_slack",   "enable_webhook",  "slack_webhook_url",
      "webhook_url",      "webhook_secret", "email_rules",     "slack_rules",
      "webhook_rules",    "public_url",     "notify_on_close", "notify_on_resolve",
      "reminder_minutes", "retry_first_s",  "retry_max_s",     "give_up_after_h",
      "send_timeout_s",   "poll_interval_s"};
  for (const auto& [key, node] : t) {
    (void)node;
    if (!kKeys.contains(key.str()))
      return std::unexpected("[alerts]: unknown key '" + std::string(key.str()) + "'");
  }
  std::expected<void, Error> r;
  auto read = [&](const char* key, auto& out) {
    if (r) r = take(t, key, out);
  };
  read("smtp_server", c.smtp_server);
  read("smtp_port", c.smtp_port);
  read("smtp_security", c.smtp_security);
  read("smtp_user", c.smtp_user);
  read("smtp_password", c.smtp_password);
  read("smtp_ca_file", c.smtp_ca_file);
  read("email_from", c.email_from);
  read("email_to", c.email_to);
  read("enable_email", c.enable_email);
  read("enable_slack", c.enable_slack);
  read("enable_webhook", c.enable_webhook);
  read("slack_webhook_url", c.slack_webhook_url);
  read("webhook_url", c.webhook_url);
  read("webhook_secret", c.webhook_secret);
  read("email_rules", c.email_rules);
  read("slack_rules", c.slack_rules);
  read("webhook_rules", c.webhook_rules);
  read("public_url", c.public_url);
  read("notify_on_close", c.notify_on_close);
  read("notify_on_resolve", c.notify_on_resolve);
  read("reminder_minutes", c.reminder_minutes);
  read("retry_first_s", c.retry_first_s);
  read("retry_max_s", c.retry_max_s);
  read("give_up_after_h", c.give_up_after_h);
  read("send_timeout_s", c.send_timeout_s);
  read("poll_interval_s", c.poll_interval_s);
  return r;
}

std::expected<void, std::string> apply_alert_env(const std::map<std::string, std::string>& env,
                                                 AlertConfig& c) {
  auto text = [&](const char* name, std::string& out) {
    if (auto it = env.find(name); it != env.end() && !it->second.empty()) out = it->second;
  };
  text("SMTP_SERVER", c.smtp_server);
  text("SMTP_USER", c.smtp_user);
  text("SMTP_PASSWORD", c.smtp_password);
  text("SMTP_SECURITY", c.smtp_security);
  text("SMTP_CA_FILE", c.smtp_ca_file);
  text("ALERT_EMAIL_FROM", c.email_from);
  text("ALERT_EMAIL_TO", c.email_to);
  text("SLACK_WEBHOOK_URL", c.slack_webhook_url);
  text("WEBHOOK_URL", c.webhook_url);
  text("WEBHOOK_SECRET", c.webhook_secret);
  text("PUBLIC_URL", c.public_url);
  if (auto it = env.find("SMTP_PORT"); it != env.end() && !it->second.empty()) {
    char* end = nullptr;
    long port = std::strtol(it->second.c_str(), &end, 10);
    if (*end != '\0' || port < 1 || port > 65535)
      return std::unexpected("SMTP_PORT: expected a port number, got '" + it->second + "'");
    c.smtp_port = static_cast<int>(port);
  }
  for (auto [name, out] : {std::pair{"ENABLE_EMAIL_ALERTS", &c.enable_email},
                           std::pair{"ENABLE_SLACK_ALERTS", &c.enable_slack},
                           std::pair{"ENABLE_WEBHOOK_ALERTS", &c.enable_webhook}}) {
    auto it = env.find(name);
    if (it == env.end() || it->second.empty()) continue;
    auto b = to_bool(it->second);
    if (!b)
      return std::unexpected(std::string(name) + ": expected true or false, got '" + it->second +
                             "'");
    *out = *b;
  }
  return {};
}

std::expected<void, std::string> validate_alerts(const AlertConfig& c) {
  if (c.smtp_port < 1 || c.smtp_port > 65535)
    return std::unexpected("[alerts] smtp_port must be 1 to 65535");
  const auto& s = c.smtp_security;
  if (!s.empty() && s != "starttls" && s != "tls" && s != "none")
    return std::unexpected("[alerts] smtp_security must be starttls, tls or none");
  auto positive = [](double v) { return std::isfinite(v) && v > 0; };
  if (!positive(c.retry_first_s) || !positive(c.retry_max_s) || !positive(c.give_up_after_h) ||
      !positive(c.send_timeout_s) || !positive(c.poll_interval_s))
    return std::unexpected(
        "[alerts] retry_first_s, retry_max_s, give_up_after_h, send_timeout_s and "
        "poll_interval_s must be positive");
  if (!std::isfinite(c.reminder_minutes) || c.reminder_minutes < 0)
    return std::unexpected("[alerts] reminder_minutes must be 0 or more");
  return {};
}

}  // namespace llmscope::config
