#pragma once

// The SPC parts of the chart data (GET /api/stats/spc) and the baseline
// records (/api/baselines), as docs/API.md documents them.

#include <httplib.h>

#include <vector>

#include "core/baseline.hpp"
#include "core/monitor.hpp"
#include "server/json.hpp"

namespace llmscope::server {

class App;

// The names of the rules set in a flag mask, e.g. ["R1", "EWMA"].
json rules_json(spc::RuleMask rules);

// {"id","provider","model","metric","created","from","until","first_n",
//  "status": "frozen"|"collecting"|"inactive","collected","transform",
//  "limits": {...}|null, "original_scale": {...}|null, "lag1"}
json baseline_json(const Baseline& b, const BaselineState& state);

// The "spc" object of a chart: the live limits (or, without them, those of
// the points shown), on the original scale, with the judged-scale ones,
// the baseline kind and the lag-1 autocorrelation.
json chart_limits_json(App& app, const SeriesKey& series, Metric metric,
                       const std::vector<double>& values);

// Adds "mr", "ewma", "cusum", "transform" and "autocorrelation" to a
// chart `body` of `values` (original scale); their arrays have one entry
// per value, so chart thinning thins them alike.
void add_chart_detectors(App& app, json& body, const SeriesKey& series, Metric metric,
                         const std::vector<double>& values);

// The whole chart of metric error_rate: windows of the samples shown.
void send_error_rate_chart(App& app, httplib::Response& res, const SeriesKey& series, double hours,
                           std::size_t limit);

}  // namespace llmscope::server
