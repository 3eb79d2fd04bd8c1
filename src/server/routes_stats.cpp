// Samples in (POST /api/stats) and chart data out (GET /api/stats,
// /api/stats/spc, /api/series).
#include <spdlog/spdlog.h>

#include "server/app.hpp"
#include "server/http_util.hpp"
#include "server/json.hpp"
#include "server/spc_chart.hpp"

namespace llmscope::server {
namespace {

void post_stats(App& app, const httplib::Request& req, httplib::Response& res) {
  std::string type = req.get_header_value("Content-Type");
  bool ndjson = type.find("ndjson") != std::string::npos;
  // `curl -d` labels a JSON body as a form; the body is read as JSON all
  // the same (the HTTP library has also parsed it into bogus parameters).
  bool curl_default = type.rfind("application/x-www-form-urlencoded", 0) == 0;
  if (!curl_default)
    if (auto r = check_params(req, {}); !r) return send_error(res, 400, r.error());
  if (!ndjson && !curl_default && !type.empty() && type.find("json") == std::string::npos)
    return send_error(res, 415,
                      "Content-Type must be application/json or "
                      "application/x-ndjson, not '" +
                          type + "'");

  auto parsed = samples_from_body(req.body, ndjson, now_ms());
  if (!parsed) return send_error(res, 400, parsed.error());
  auto result = app.pipeline().ingest(parsed->samples);
  if (!result) {
    spdlog::error("storing {} samples failed: {}", parsed->samples.size(), result.error().message);
    return send_error(res, 503, "samples not stored: " + result.error().message);
  }

  json body = {{"status", "ok"},
               {"violations_detected", result->violations_detected},
               {"violations_opened", result->violations_opened}};
  if (parsed->batch) {
    body["logged"] = result->ids.size();
    body["first_id"] = result->ids.front();
    body["last_id"] = result->ids.back();
  } else {
    body["logged"] = true;
    body["id"] = result->ids.front();
  }
  send_json(res, 200, body);
}

void get_stats(App& app, const httplib::Request& req, httplib::Response& res) {
  if (auto r = check_params(req, {}); !r) return send_error(res, 400, r.error());
  auto s = app.store().summary();
  if (!s) return send_error(res, 503, s.error().message);
  auto opt = [](const std::optional<double>& v) { return v ? json(*v) : json(0.0); };
  send_json(res, 200,
            {{"records", s->records},
             {"avg_latency", opt(s->avg_latency_ms)},
             {"max_latency", opt(s->max_latency_ms)}});
}

// Which series a chart request means: the one named, or the only one.
std::expected<SeriesKey, std::string> chart_series(App& app,
                                                   const std::optional<std::string>& provider,
                                                   const std::optional<std::string>& model) {
  auto all = app.store().series();
  if (!all) return std::unexpected(all.error().message);
  std::vector<SeriesKey> matching;
  for (const auto& s : *all)
    if ((!provider || s.provider == *provider) && (!model || s.model == *model))
      matching.push_back({s.provider, s.model});
  if (matching.size() == 1) return matching.front();
  if (matching.empty()) return SeriesKey{provider.value_or(""), model.value_or("")};
  return std::unexpected(std::string(model ? "provider" : "model") +
                         ": required, several series match");
}

void get_spc(App& app, const httplib::Request& req, httplib::Response& res) {
  if (auto r = check_params(
          req, {"provider", "model", "metric", "hours", "since", "until", "limit", "max_points"});
      !r)
    return send_error(res, 400, r.error());
  auto provider = param_string(req, "provider");
  auto model = param_string(req, "model");
  auto metric_name = param_string(req, "metric");
  auto hours = param_number(req, "hours", 0.001, 24.0 * 366);
  auto since = param_time(req, "since");
  auto until = param_time(req, "until");
  auto limit = param_int(req, "limit", 1, 2'000'000);
  auto max_points = param_int(req, "max_points", 100, 1'000'000);
  std::string bad;
  auto check = [&bad](const auto& p) {
    if (!p && bad.empty()) bad = p.error();
  };
  check(provider), check(model), check(metric_name), check(hours), check(since), check(until);
  check(limit), check(max_points);
  if (!bad.empty()) return send_error(res, 400, bad);

  ChartRequest chart;
  if (*metric_name) {
    auto m = metric_from_string(**metric_name);
    if (!m) return send_error(res, 400, "metric: unknown metric '" + **metric_name + "'");
    chart.metric = *m;
  }
  // The window: since..until when given; otherwise `hours` (24 by
  // default) back from until, or from now.
  chart.until_ms = *until;
  const EpochMs end = until->value_or(now_ms());
  if (*since) {
    if (*hours) return send_error(res, 400, "hours: give either hours or since, not both");
    if (**since > end)
      return send_error(res, 400, *until ? "until: before since" : "since: in the future");
    chart.since_ms = **since;
    chart.hours = static_cast<double>(end - chart.since_ms) / 3'600'000.0;
  } else {
    chart.hours = hours->value_or(24);
    chart.since_ms = end - static_cast<EpochMs>(chart.hours * 3'600'000.0);
  }
  if (chart.since_ms < 0)  // times before 1970 have no ISO 8601 form here
    return send_error(
        res, 400,
        *since ? "since: before 1970-01-01" : "until: the window would start before 1970-01-01");
  chart.limit = static_cast<std::size_t>(limit->value_or(0));
  // Thinned for the screen on request (the dashboard's max_points);
  // summary and limits come from all points.
  chart.max_points = static_cast<std::size_t>(max_points->value_or(0));
  chart.gzip = accepts_gzip(req);

  auto series = chart_series(app, *provider, *model);
  if (!series) return send_error(res, 400, series.error());
  chart.series = *series;
  if (chart.metric == Metric::error_rate) return send_error_rate_chart(app, res, chart);
  send_metric_chart(app, res, chart);
}

void get_series(App& app, const httplib::Request& req, httplib::Response& res) {
  if (auto r = check_params(req, {}); !r) return send_error(res, 400, r.error());
  auto all = app.store().series();
  if (!all) return send_error(res, 503, all.error().message);
  json out = json::array();
  for (const auto& s : *all) out.push_back(to_json(s));
  send_json(res, 200, out);
}

}  // namespace

void install_stats_routes(httplib::Server& http, App& app) {
  http.Post("/api/stats", [&app](const auto& req, auto& res) { post_stats(app, req, res); });
  http.Get("/api/stats", [&app](const auto& req, auto& res) { get_stats(app, req, res); });
  http.Get("/api/stats/spc", [&app](const auto& req, auto& res) { get_spc(app, req, res); });
  http.Get("/api/series", [&app](const auto& req, auto& res) { get_series(app, req, res); });
}

}  // namespace llmscope::server
