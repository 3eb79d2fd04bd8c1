#pragma once

#include <toml++/toml.h>

#include "config/alert_config.hpp"

namespace llmscope::config {

// Reads the [alerts] table of the config file; errors name the key.
std::expected<void, std::string> read_alert_table(const toml::table& table, AlertConfig& c);

}  // namespace llmscope::config
