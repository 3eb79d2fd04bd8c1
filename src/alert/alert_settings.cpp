#include "alert/alert_settings.hpp"

#include <algorithm>

namespace llmscope::alert {
namespace {

bool allows(const std::vector<int>& rules, int rule) {
  return rules.empty() || std::find(rules.begin(), rules.end(), rule) != rules.end();
}

}  // namespace

bool AlertSettings::notifies(AlertChannel channel, int rule) const {
  switch (channel) {
    case AlertChannel::email:
      return email.enabled && email.configured() && allows(email.rules, rule);
    case AlertChannel::slack:
      return slack.enabled && slack.configured() && allows(slack.rules, rule);
    case AlertChannel::webhook:
      return webhook.enabled && webhook.configured() && allows(webhook.rules, rule);
  }
  return false;
}

std::chrono::milliseconds RetrySchedule::delay_after(int failed_attempts) const {
  auto delay = first_delay;
  for (int i = 1; i < failed_attempts && delay < max_delay; ++i) delay *= 2;
  return std::min(delay, max_delay);
}

}  // namespace llmscope::alert
