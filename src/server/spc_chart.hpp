#pragma once

// The SPC parts of the chart data (GET /api/stats/spc) and the baseline
// records (/api/baselines), as docs/API.md documents them.

#include <httplib.h>

#include <optional>
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

// What GET /api/stats/spc asks for, parsed and checked.
struct ChartRequest {
  SeriesKey series;
  Metric metric = Metric::latency_ms;
  double hours = 24;                // the window asked for (answered as "hours")
  EpochMs since_ms = 0;             // inclusive
  std::optional<EpochMs> until_ms;  // inclusive; none = up to now
  std::size_t limit = 0;            // newest samples at most; 0 = all
  std::size_t max_points = 0;       // thin for a screen this wide; 0 = all points
  bool gzip = false;                // the client takes gzip (see send_large_json)
};

// The chart of a per-sample metric: points, live limits (or, without
// them, those of the points shown), flags, summary, MR, EWMA and CUSUM.
// The detectors and the summary run over every point of the window; only
// the points kept by thinning are written out, so a week of samples costs
// a screen's worth of JSON.
void send_metric_chart(App& app, httplib::Response& res, const ChartRequest& req);

// The chart of metric error_rate: windows of the samples shown.
void send_error_rate_chart(App& app, httplib::Response& res, const ChartRequest& req);

}  // namespace llmscope::server
