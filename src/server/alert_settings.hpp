#pragma once

#include <vector>

#include "alert/alert_settings.hpp"
#include "config/config.hpp"
#include "server/settings.hpp"

namespace llmscope::server {

// The run-time settings of alerting (enable_email_alerts, smtp_*,
// slack_webhook_url, webhook_*, public_url, ...), with defaults from the
// configuration's [alerts] and environment. Secrets (smtp_password,
// slack_webhook_url, webhook_url, webhook_secret) are write-only.
void add_alert_setting_specs(std::vector<SettingSpec>& specs, const config::Config& config);

// Whether `key` is one of those settings.
bool is_alert_setting(const std::string& key);

// The effective alert settings: the settings' values with what only the
// configuration holds (CA file, timeouts).
alert::AlertSettings alert_settings_from(const Settings& settings, const config::Config& config);

// The retry schedule of the configuration.
alert::RetrySchedule retry_schedule_from(const config::AlertConfig& config);

}  // namespace llmscope::server
