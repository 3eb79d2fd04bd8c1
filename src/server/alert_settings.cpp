#include "server/alert_settings.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace llmscope::server {
namespace {

using nlohmann::json;
using Check = std::function<std::expected<void, std::string>(const json&)>;
using Type = SettingSpec::Type;

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

std::vector<std::string> split_addresses(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');)
    if (auto t = trim(item); !t.empty()) out.push_back(t);
  return out;
}

// An address that cannot smuggle a header or an SMTP command.
bool plausible_address(const std::string& a) {
  auto at = a.find('@');
  return at != std::string::npos && at > 0 && at + 1 < a.size() &&
         a.find_first_of(" <>\r\n\t,;\"") == std::string::npos;
}

Check addresses(bool many) {
  return [many](const json& v) -> std::expected<void, std::string> {
    auto list = split_addresses(v.get<std::string>());
    if (!many && list.size() > 1) return std::unexpected("one address only");
    for (const auto& a : list)
      if (!plausible_address(a)) return std::unexpected("'" + a + "' is not an email address");
    return {};
  };
}

Check http_url() {
  return [](const json& v) -> std::expected<void, std::string> {
    auto s = v.get<std::string>();
    if (s.empty() || s.rfind("http://", 0) == 0 || s.rfind("https://", 0) == 0) return {};
    return std::unexpected("must start with http:// or https://");
  };
}

Check rule_list() {
  return [](const json& v) -> std::expected<void, std::string> {
    if (auto r = config::parse_rule_list(v.get<std::string>()); !r)
      return std::unexpected(r.error());
    return {};
  };
}

std::string security_default(const config::AlertConfig& a) {
  if (!a.smtp_security.empty()) return a.smtp_security;
  return a.smtp_port == 465 ? "tls" : "starttls";
}

const std::vector<std::string>& alert_keys() {
  static const std::vector<std::string> keys = {"enable_email_alerts",
                                                "smtp_server",
                                                "smtp_port",
                                                "smtp_security",
                                                "smtp_user",
                                                "smtp_password",
                                                "alert_email_from",
                                                "alert_email_to",
                                                "email_alert_rules",
                                                "enable_slack_alerts",
                                                "slack_webhook_url",
                                                "slack_alert_rules",
                                                "enable_webhook_alerts",
                                                "webhook_url",
                                                "webhook_secret",
                                                "webhook_alert_rules",
                                                "public_url",
                                                "notify_on_close",
                                                "notify_on_resolve",
                                                "reminder_interval_minutes"};
  return keys;
}

std::vector<int> rules_of(const json& v) {
  return config::parse_rule_list(v.get<std::string>()).value_or(std::vector<int>{});
}

}  // namespace

void add_alert_setting_specs(std::vector<SettingSpec>& specs, const config::Config& config) {
  const config::AlertConfig& a = config.alerts;
  bool email_configured = !a.smtp_server.empty() && !a.email_to.empty();
  auto add = [&](const char* key, Type type, json value, const char* description,
                 bool secret = false, Check check = nullptr) {
    specs.push_back({key, type, std::move(value), description, secret, std::move(check)});
  };
  add("enable_email_alerts", Type::boolean, a.enable_email.value_or(email_configured),
      "Send an email when a violation opens");
  add("smtp_server", Type::string, a.smtp_server, "SMTP server host name (SMTP_SERVER)");
  add("smtp_port", Type::integer, a.smtp_port, "SMTP port: 587 STARTTLS, 465 TLS", false,
      [](const json& v) -> std::expected<void, std::string> {
        if (v.get<std::int64_t>() < 1 || v.get<std::int64_t>() > 65535)
          return std::unexpected("must be 1 to 65535");
        return {};
      });
  add("smtp_security", Type::string, security_default(a),
      "starttls (required, port 587), tls (port 465) or none (a relay on this machine)", false,
      [](const json& v) -> std::expected<void, std::string> {
        auto s = v.get<std::string>();
        if (s == "starttls" || s == "tls" || s == "none") return {};
        return std::unexpected("must be starttls, tls or none");
      });
  add("smtp_user", Type::string, a.smtp_user, "SMTP login; empty: no authentication");
  add("smtp_password", Type::string, a.smtp_password, "SMTP password", true);
  add("alert_email_from", Type::string, a.email_from, "Sender address", false, addresses(false));
  add("alert_email_to", Type::string, a.email_to, "Recipients, comma-separated", false,
      addresses(true));
  add("email_alert_rules", Type::string, a.email_rules,
      "Rules that send email, e.g. \"R1,R2\"; empty: every alerting rule", false, rule_list());
  add("enable_slack_alerts", Type::boolean, a.enable_slack.value_or(!a.slack_webhook_url.empty()),
      "Post to Slack when a violation opens");
  add("slack_webhook_url", Type::string, a.slack_webhook_url, "Slack incoming webhook URL", true,
      http_url());
  add("slack_alert_rules", Type::string, a.slack_rules,
      "Rules that post to Slack; empty: every alerting rule", false, rule_list());
  add("enable_webhook_alerts", Type::boolean, a.enable_webhook.value_or(!a.webhook_url.empty()),
      "POST signed JSON to a webhook when a violation opens");
  add("webhook_url", Type::string, a.webhook_url, "Webhook URL", true, http_url());
  add("webhook_secret", Type::string, a.webhook_secret,
      "Shared secret for the webhook's HMAC-SHA256 signature", true);
  add("webhook_alert_rules", Type::string, a.webhook_rules,
      "Rules that call the webhook; empty: every alerting rule", false, rule_list());
  add("public_url", Type::string, a.public_url,
      "Address of this dashboard as people reach it, for links in alerts", false, http_url());
  add("notify_on_close", Type::boolean, a.notify_on_close, "Also alert when an episode closes");
  add("notify_on_resolve", Type::boolean, a.notify_on_resolve,
      "Also alert when a violation is resolved");
  add("reminder_interval_minutes", Type::number, a.reminder_minutes,
      "Remind about open, unacknowledged violations this often; 0: never", false,
      [](const json& v) -> std::expected<void, std::string> {
        if (v.get<double>() < 0) return std::unexpected("must be 0 or more");
        return {};
      });
}

bool is_alert_setting(const std::string& key) {
  const auto& keys = alert_keys();
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

alert::AlertSettings alert_settings_from(const Settings& s, const config::Config& config) {
  alert::AlertSettings out;
  auto text = [&](const char* key) { return s.get(key).get<std::string>(); };
  out.email.enabled = s.get("enable_email_alerts").get<bool>();
  out.email.server = text("smtp_server");
  out.email.port = s.get("smtp_port").get<int>();
  std::string security = text("smtp_security");
  out.email.security = security == "tls"    ? alert::SmtpSecurity::tls
                       : security == "none" ? alert::SmtpSecurity::none
                                            : alert::SmtpSecurity::starttls;
  out.email.user = text("smtp_user");
  out.email.password = text("smtp_password");
  out.email.from = text("alert_email_from");
  out.email.to = split_addresses(text("alert_email_to"));
  out.email.ca_file = config.alerts.smtp_ca_file;
  out.email.rules = rules_of(s.get("email_alert_rules"));

  out.slack.enabled = s.get("enable_slack_alerts").get<bool>();
  out.slack.webhook_url = text("slack_webhook_url");
  out.slack.rules = rules_of(s.get("slack_alert_rules"));
  out.webhook.enabled = s.get("enable_webhook_alerts").get<bool>();
  out.webhook.url = text("webhook_url");
  out.webhook.secret = text("webhook_secret");
  out.webhook.rules = rules_of(s.get("webhook_alert_rules"));

  out.public_url = text("public_url");
  out.notify_on_close = s.get("notify_on_close").get<bool>();
  out.notify_on_resolve = s.get("notify_on_resolve").get<bool>();
  out.reminder_interval_ms =
      std::llround(s.get("reminder_interval_minutes").get<double>() * 60'000);
  out.send_timeout = std::chrono::milliseconds(std::llround(config.alerts.send_timeout_s * 1000));
  return out;
}

alert::RetrySchedule retry_schedule_from(const config::AlertConfig& a) {
  auto ms = [](double seconds) {
    return std::chrono::milliseconds(std::max<long long>(1, std::llround(seconds * 1000)));
  };
  alert::RetrySchedule r;
  r.first_delay = ms(a.retry_first_s);
  r.max_delay = ms(a.retry_max_s);
  r.give_up_after = ms(a.give_up_after_h * 3600);
  r.poll_interval = ms(a.poll_interval_s);
  return r;
}

}  // namespace llmscope::server
