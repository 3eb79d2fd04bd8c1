// The original LLMscope's alert variables keep working, and [alerts] in
// the config file is read strictly.
#include <gtest/gtest.h>

#include <fstream>

#include "config/config.hpp"
#include "temp_dir.hpp"

namespace llmscope::config {
namespace {

TEST(AlertConfigTest, TheOriginalEnvironmentVariablesConfigureEmailAndSlack) {
  Environment env = {{"SMTP_SERVER", "smtp.example.test"},
                     {"SMTP_PORT", "465"},
                     {"SMTP_USER", "me"},
                     {"SMTP_PASSWORD", "pw"},
                     {"ALERT_EMAIL_FROM", "llmscope@example.test"},
                     {"ALERT_EMAIL_TO", "a@example.test,b@example.test"},
                     {"SLACK_WEBHOOK_URL", "https://hooks.slack.test/services/x"},
                     {"ENABLE_EMAIL_ALERTS", "false"}};
  auto c = load_config(std::nullopt, env);
  ASSERT_TRUE(c) << c.error();
  EXPECT_EQ(c->alerts.smtp_server, "smtp.example.test");
  EXPECT_EQ(c->alerts.smtp_port, 465);
  EXPECT_EQ(c->alerts.smtp_user, "me");
  EXPECT_EQ(c->alerts.smtp_password, "pw");
  EXPECT_EQ(c->alerts.email_from, "llmscope@example.test");
  EXPECT_EQ(c->alerts.email_to, "a@example.test,b@example.test");
  EXPECT_EQ(c->alerts.slack_webhook_url, "https://hooks.slack.test/services/x");
  EXPECT_EQ(c->alerts.enable_email, false);
  EXPECT_FALSE(c->alerts.enable_slack.has_value());

  env["SMTP_PORT"] = "smtp";
  EXPECT_FALSE(load_config(std::nullopt, env));
  env["SMTP_PORT"] = "587";
  env["ENABLE_SLACK_ALERTS"] = "maybe";
  EXPECT_FALSE(load_config(std::nullopt, env));
}

TEST(AlertConfigTest, TheAlertsTableIsReadAndUnknownKeysAreErrors) {
  testing::TempDir dir;
  std::string path = dir.file("llmscope.toml");
  std::ofstream(path) << "[alerts]\nsmtp_server = \"127.0.0.1\"\nsmtp_security = \"none\"\n"
                         "webhook_url = \"http://127.0.0.1:9/h\"\nretry_first_s = 0.05\n"
                         "notify_on_close = true\nreminder_minutes = 30\n";
  auto c = load_config(path, {});
  ASSERT_TRUE(c) << c.error();
  EXPECT_EQ(c->alerts.smtp_security, "none");
  EXPECT_DOUBLE_EQ(c->alerts.retry_first_s, 0.05);
  EXPECT_TRUE(c->alerts.notify_on_close);
  EXPECT_DOUBLE_EQ(c->alerts.reminder_minutes, 30);

  std::ofstream(path) << "[alerts]\nsmtp_sever = \"x\"\n";
  auto bad = load_config(path, {});
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().find("smtp_sever"), std::string::npos);
  std::ofstream(path) << "[alerts]\nsmtp_security = \"ssl\"\n";
  EXPECT_FALSE(load_config(path, {}));
  std::ofstream(path) << "[alerts]\nretry_first_s = -1\n";
  EXPECT_FALSE(load_config(path, {}));
}

}  // namespace
}  // namespace llmscope::config
