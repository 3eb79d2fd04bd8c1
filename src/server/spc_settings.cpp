#include "server/spc_settings.hpp"

#include <spdlog/spdlog.h>

#include <atomic>
#include <memory>
#include <sstream>

#include "core/time.hpp"

namespace llmscope::server {
namespace {

using nlohmann::json;
using Check = std::function<std::expected<void, std::string>(const json&)>;
using T = SettingSpec::Type;

// What each test looks for, for the setting descriptions.
constexpr const char* kTestNames[] = {"1 point beyond K sigma",
                                      "N in a row on one side of CL",
                                      "N in a row up or down",
                                      "N in a row alternating",
                                      "N of N+1 beyond K sigma, same side",
                                      "N of N+1 beyond K sigma, same side",
                                      "N in a row within K sigma",
                                      "N in a row beyond K sigma, both sides"};
constexpr int kMinLength[] = {1, 1, 2, 2, 1, 1, 1, 1};
constexpr bool kHasSigma[] = {true, false, false, false, true, true, true, true};
// The default scale of each metric: log for the times (right-skewed; on
// lognormal data raw limits flag 3 to 13 times too often), none for
// tokens/s (no better on the real series). docs/STATISTICS.md, "Log
// transform", has the false-alarm counts this choice rests on.
std::string_view default_transform(Metric m) { return m == Metric::tokens_per_s ? "none" : "log"; }
constexpr Metric kTimeMetrics[] = {Metric::latency_ms, Metric::ttft_ms, Metric::itl_ms,
                                   Metric::tokens_per_s};

Check at_least(double low) {
  return [low](const json& v) -> std::expected<void, std::string> {
    if (v.get<double>() < low) return std::unexpected("must be at least " + json(low).dump());
    return {};
  };
}

Check positive() {
  return [](const json& v) -> std::expected<void, std::string> {
    if (!(v.get<double>() > 0)) return std::unexpected("must be positive");
    return {};
  };
}

Check one_of(std::vector<std::string> allowed) {
  return [allowed](const json& v) -> std::expected<void, std::string> {
    for (const auto& a : allowed)
      if (v.get<std::string>() == a) return {};
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
    return std::unexpected("must be one of " + list);
  };
}

std::string test_key(int t, const char* field) {
  return "spc_test" + std::to_string(t) + "_" + field;
}

std::string transform_key(Metric m) { return "transform_" + std::string(to_string(m)); }

void add_test_specs(std::vector<SettingSpec>& specs) {
  const auto minitab = spc::NelsonConfig::minitab();
  for (int t = 1; t <= 8; ++t) {
    const auto& p = minitab.tests[t - 1];
    const std::string name = "Nelson test " + std::to_string(t) + " (" + kTestNames[t - 1] + ")";
    specs.push_back({test_key(t, "enabled"), T::boolean, p.enabled, name + ": judged", false, {}});
    if (t > 1)
      specs.push_back({test_key(t, "length"), T::integer, p.length, name + ": N", false,
                       at_least(kMinLength[t - 1])});
    if (kHasSigma[t - 1])
      specs.push_back(
          {test_key(t, "sigma"), T::number, p.k_sigma, name + ": K", false, positive()});
  }
}

void add_detector_specs(std::vector<SettingSpec>& specs) {
  const MonitorSettings d;
  specs.push_back({"spc_preset", T::string, "nelson",
                   "Sets the eight tests' switches and parameters: nelson (all eight, Minitab "
                   "defaults) or western_electric (1, 5, 6 and 8 in a row on one side); "
                   "custom leaves them",
                   false, one_of({"nelson", "western_electric", "custom"})});
  specs.push_back({"spc_mr_enabled",
                   T::boolean,
                   d.mr_test,
                   "MR1: a moving range above 3.267 x mean MR (moving range chart, test 1)",
                   false,
                   {}});
  specs.push_back({"spc_ewma_enabled", T::boolean, d.ewma.enabled, "EWMA chart judged", false, {}});
  specs.push_back({"spc_ewma_lambda", T::number, d.ewma.lambda,
                   "EWMA weight of the newest point, in (0, 1]", false,
                   [](const json& v) -> std::expected<void, std::string> {
                     double x = v.get<double>();
                     if (!(x > 0 && x <= 1)) return std::unexpected("must be in (0, 1]");
                     return {};
                   }});
  specs.push_back({"spc_ewma_L", T::number, d.ewma.L, "EWMA limit width, sigmas of the statistic",
                   false, positive()});
  specs.push_back({"spc_cusum_enabled", T::boolean, d.cusum.enabled, "CUSUM judged", false, {}});
  specs.push_back(
      {"spc_cusum_k", T::number, d.cusum.k, "CUSUM allowance k, sigmas", false, at_least(0)});
  specs.push_back({"spc_cusum_h", T::number, d.cusum.h, "CUSUM decision interval h, sigmas", false,
                   positive()});
  specs.push_back({"spc_cusum_fir",
                   T::boolean,
                   d.cusum.fir,
                   "CUSUM fast initial response: sums start at h/2",
                   false,
                   {}});
}

void add_baseline_specs(std::vector<SettingSpec>& specs, const config::Config& c) {
  const MonitorSettings d;
  specs.push_back({"baseline_hours", T::number, c.baseline_hours,
                   "Rolling baseline: the trailing window, hours", false, positive()});
  specs.push_back({"baseline_min_points", T::integer, c.min_baseline_points,
                   "Rolling baseline: points needed before any rule is judged", false,
                   at_least(2)});
  specs.push_back({"episode_close_after", T::integer, c.episode_close_after,
                   "Clean points that close an episode", false, at_least(1)});
  specs.push_back({"error_rate_enabled",
                   T::boolean,
                   d.error_rate_chart,
                   "Error-rate p chart (metric error_rate, rule P1)",
                   false,
                   {}});
  specs.push_back({"error_rate_alerts",
                   T::boolean,
                   true,
                   "P1 opens violations even when alert_on_rule leaves it out",
                   false,
                   {}});
  specs.push_back({"error_rate_window", T::integer, d.error_rate_window,
                   "Error rate: samples per p-chart point", false, at_least(1)});
  specs.push_back({"error_rate_min_windows", T::integer,
                   static_cast<std::int64_t>(d.error_rate_min_windows),
                   "Error rate: baseline windows needed before judging", false, at_least(1)});
  for (Metric m : kTimeMetrics)
    specs.push_back({transform_key(m), T::string, std::string(default_transform(m)),
                     "Scale the rules judge " + std::string(to_string(m)) + " on: none or log",
                     false, one_of({"none", "log"})});
  specs.push_back({"transform_overrides", T::string, "",
                   "Per series: provider/model:metric=none|log, comma separated", false,
                   [](const json& v) -> std::expected<void, std::string> {
                     auto r = parse_transform_overrides(v.get<std::string>());
                     if (!r) return std::unexpected(r.error());
                     return {};
                   }});
}

// The per-test values of a preset.
std::vector<std::pair<std::string, json>> preset_values(const std::string& preset) {
  const auto c = preset == "western_electric" ? spc::NelsonConfig::western_electric()
                                              : spc::NelsonConfig::minitab();
  std::vector<std::pair<std::string, json>> out;
  for (int t = 1; t <= 8; ++t) {
    const auto& p = c.tests[t - 1];
    out.emplace_back(test_key(t, "enabled"), p.enabled);
    if (t > 1) out.emplace_back(test_key(t, "length"), p.length);
    if (kHasSigma[t - 1]) out.emplace_back(test_key(t, "sigma"), p.k_sigma);
  }
  return out;
}

}  // namespace

void add_spc_setting_specs(std::vector<SettingSpec>& specs, const config::Config& config) {
  add_test_specs(specs);
  add_detector_specs(specs);
  add_baseline_specs(specs, config);
}

bool is_spc_setting(const std::string& key) {
  return key.starts_with("spc_") || key.starts_with("baseline_") ||
         key.starts_with("error_rate_") || key.starts_with("transform_") ||
         key == "episode_close_after" || key == "alert_on_rule";
}

std::expected<std::map<std::pair<SeriesKey, Metric>, spc::Transform>, std::string>
parse_transform_overrides(const std::string& text) {
  std::map<std::pair<SeriesKey, Metric>, spc::Transform> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    while (!item.empty() && item.front() == ' ') item.erase(item.begin());
    while (!item.empty() && item.back() == ' ') item.pop_back();
    if (item.empty()) continue;
    const auto eq = item.rfind('=');
    const auto slash = item.find('/');
    const auto colon = eq == std::string::npos ? eq : item.rfind(':', eq);
    if (eq == std::string::npos || slash == std::string::npos || colon == std::string::npos ||
        colon < slash || slash == 0 || colon == slash + 1)
      return std::unexpected("'" + item + "' is not provider/model:metric=none|log");
    auto metric = metric_from_string(item.substr(colon + 1, eq - colon - 1));
    auto t = spc::transform_from_string(item.substr(eq + 1));
    if (!metric || *metric == Metric::error_rate)
      return std::unexpected("'" + item + "': unknown metric");
    if (!t) return std::unexpected("'" + item + "': transform must be none or log");
    out[{SeriesKey{item.substr(0, slash), item.substr(slash + 1, colon - slash - 1)}, *metric}] =
        *t;
  }
  return out;
}

MonitorSettings spc_monitor_settings(MonitorSettings s, const Settings& settings) {
  auto get = [&settings](const std::string& key) { return settings.get(key); };
  for (int t = 1; t <= 8; ++t) {
    auto& p = s.nelson.tests[t - 1];
    p.enabled = get(test_key(t, "enabled")).get<bool>();
    if (t > 1) p.length = get(test_key(t, "length")).get<int>();
    if (kHasSigma[t - 1]) p.k_sigma = get(test_key(t, "sigma")).get<double>();
  }
  s.mr_test = get("spc_mr_enabled").get<bool>();
  s.ewma = {get("spc_ewma_enabled").get<bool>(), get("spc_ewma_lambda").get<double>(),
            get("spc_ewma_L").get<double>()};
  s.cusum = {get("spc_cusum_enabled").get<bool>(), get("spc_cusum_k").get<double>(),
             get("spc_cusum_h").get<double>(), get("spc_cusum_fir").get<bool>()};
  s.baseline_window_ms =
      static_cast<std::int64_t>(get("baseline_hours").get<double>() * 3600 * 1000);
  s.min_points = get("baseline_min_points").get<std::size_t>();
  s.close_after_clean = get("episode_close_after").get<int>();
  s.error_rate_chart = get("error_rate_enabled").get<bool>();
  s.error_rate_window = get("error_rate_window").get<int>();
  s.error_rate_alerts = get("error_rate_alerts").get<bool>();
  s.error_rate_min_windows = get("error_rate_min_windows").get<std::size_t>();
  for (Metric m : kTimeMetrics)
    s.transforms[m] = *spc::transform_from_string(get(transform_key(m)).get<std::string>());
  s.series_transforms = parse_transform_overrides(get("transform_overrides"))
                            .value_or(decltype(s.series_transforms){});
  if (auto rules = config::parse_rule_list(get("alert_on_rule").get<std::string>()))
    s.alert_rules = *rules;
  return s;
}

void install_spc_settings(Settings& settings, Pipeline& pipeline, MonitorSettings base) {
  // While a preset writes the per-test settings, their own changes wait
  // for the one rebuild at the end.
  auto applying = std::make_shared<std::atomic<bool>>(false);
  settings.on_change(
      [&settings, &pipeline, base, applying](const std::string& key, const json& value) {
        if (!is_spc_setting(key) || *applying) return;
        if (key == "spc_preset" && value != "custom") {
          *applying = true;
          for (const auto& [k, v] : preset_values(value.get<std::string>())) settings.put(k, v);
          *applying = false;
        }
        auto r = pipeline.reconfigure(spc_monitor_settings(base, settings), now_ms());
        if (!r) spdlog::error("SPC settings: rebuilding the engine failed: {}", r.error().message);
      });
}

}  // namespace llmscope::server
