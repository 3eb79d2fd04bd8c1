#pragma once

// The SPC engine's run-time settings (GET/PUT /api/settings): each Nelson
// test's switch and parameters, the Western Electric preset, MR1, EWMA,
// CUSUM, the baseline, episodes, the error-rate chart and the transforms.
// docs/API.md lists them. A change rebuilds the engine from the store
// (Pipeline::reconfigure): detector state starts afresh on the stored
// history, open episodes carry on.

#include <string>
#include <vector>

#include "config/config.hpp"
#include "core/monitor.hpp"
#include "core/pipeline.hpp"
#include "server/settings.hpp"

namespace llmscope::server {

// Appends the SPC settings, defaults from `config` where it has them
// (baseline_hours, min_baseline_points, episode_close_after) and from
// MonitorSettings otherwise.
void add_spc_setting_specs(std::vector<SettingSpec>& specs, const config::Config& config);

bool is_spc_setting(const std::string& key);

// `base` with every SPC setting (and alert_on_rule) applied.
MonitorSettings spc_monitor_settings(MonitorSettings base, const Settings& settings);

// Rebuilds the pipeline's engine when an SPC setting changes; applies a
// preset ("nelson", "western_electric") to the per-test settings first.
void install_spc_settings(Settings& settings, Pipeline& pipeline, MonitorSettings base);

// "provider/model:metric=log,..." (the model may hold '/' and ':'; the
// provider is before the first '/', the metric after the last ':').
std::expected<std::map<std::pair<SeriesKey, Metric>, spc::Transform>, std::string>
parse_transform_overrides(const std::string& text);

}  // namespace llmscope::server
