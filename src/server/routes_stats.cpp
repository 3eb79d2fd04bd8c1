// Samples in (POST /api/stats) and chart data out (GET /api/stats,
// /api/stats/spc, /api/series).
#include <spdlog/spdlog.h>

#include "server/app.hpp"
#include "server/chart.hpp"
#include "server/http_util.hpp"
#include "server/json.hpp"
#include "server/spc_chart.hpp"
#include "server/thinning.hpp"

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
    return send_error(res, 415, "Content-Type must be application/json or "
                                "application/x-ndjson, not '" + type + "'");

  auto parsed = samples_from_body(req.body, ndjson, now_ms());
  if (!parsed) return send_error(res, 400, parsed.error());
  auto result = app.pipeline().ingest(parsed->samples);
  if (!result) {
    spdlog::error("storing {} samples failed: {}", parsed->samples.size(),
                  result.error().message);
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
  send_json(res, 200, {{"records", s->records},
                       {"avg_latency", opt(s->avg_latency_ms)},
                       {"max_latency", opt(s->max_latency_ms)}});
}

// Figures of an empty window are null, not 0: there is no mean of nothing.
json summary_json(const ChartSummary& s) {
  auto figure = [&](double v) { return s.count ? json(v) : json(nullptr); };
  return {{"count", s.count}, {"mean", figure(s.mean)}, {"std", figure(s.std)},
          {"p50", figure(s.p50)}, {"p95", figure(s.p95)}, {"p99", figure(s.p99)},
          {"errors", s.errors}, {"error_rate", s.error_rate}};
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
          req, {"provider", "model", "metric", "hours", "limit", "max_points"});
      !r)
    return send_error(res, 400, r.error());
  auto provider = param_string(req, "provider");
  auto model = param_string(req, "model");
  auto metric_name = param_string(req, "metric");
  auto hours = param_number(req, "hours", 0.001, 24.0 * 366);
  auto limit = param_int(req, "limit", 1, 2'000'000);
  std::string bad;
  auto check = [&bad](const auto& p) {
    if (!p && bad.empty()) bad = p.error();
  };
  check(provider), check(model), check(metric_name), check(hours), check(limit);
  if (!bad.empty()) return send_error(res, 400, bad);

  Metric metric = Metric::latency_ms;
  if (*metric_name) {
    auto m = metric_from_string(**metric_name);
    if (!m) return send_error(res, 400, "metric: unknown metric '" + **metric_name + "'");
    metric = *m;
  }
  auto series = chart_series(app, *provider, *model);
  if (!series) return send_error(res, 400, series.error());
  if (metric == Metric::error_rate)
    return send_error_rate_chart(app, res, *series, hours->value_or(24),
                                 static_cast<std::size_t>(limit->value_or(0)));

  SampleQuery q;
  q.provider = series->provider;
  q.model = series->model;
  double window_h = hours->value_or(24);
  q.since_ms = now_ms() - static_cast<std::int64_t>(window_h * 3600 * 1000);
  q.limit = static_cast<std::size_t>(limit->value_or(0));
  auto samples = app.store().samples(q);
  if (!samples) return send_error(res, 503, samples.error().message);

  json timestamps = json::array(), values = json::array(), ids_json = json::array();
  std::vector<double> vals;
  std::vector<std::int64_t> ids;
  std::size_t errors = 0;
  for (const Sample& s : *samples) {
    if (!s.success) ++errors;
    auto v = metric_value(s, metric);
    if (!v) continue;
    timestamps.push_back(format_iso8601(s.timestamp_ms));
    values.push_back(*v);
    ids_json.push_back(s.id);
    vals.push_back(*v);
    ids.push_back(s.id);
  }

  auto flags = app.store().flags(ids, metric);
  if (!flags) return send_error(res, 503, flags.error().message);
  json flags_json = json::array();
  std::size_t pos = 0;
  for (const SampleFlags& f : *flags) {
    while (pos < ids.size() && ids[pos] != f.sample_id) ++pos;
    if (pos == ids.size()) break;
    flags_json.push_back(
        {{"index", pos}, {"timestamp", timestamps[pos]}, {"rules", rules_json(f.rules)}});
  }

  // The live limits (what the next sample is judged against) when the
  // engine has them; otherwise limits of the points shown.
  json spc = chart_limits_json(app, *series, metric, vals);

  auto sum = summarize(vals, samples->size(), errors);
  json models = json::array(), providers = json::array();
  for (std::size_t i = 0; i < vals.size(); ++i) {
    models.push_back(series->model);
    providers.push_back(series->provider);
  }
  json body =
            {{"provider", series->provider}, {"model", series->model},
             {"metric", to_string(metric)}, {"hours", window_h},
             {"timestamps", timestamps}, {"values", values}, {"ids", ids_json},
             {"models", models}, {"providers", providers}, {"spc", spc},
             {"flags", flags_json},
             {"summary", summary_json(sum)}};
  add_chart_detectors(app, body, *series, metric, vals);
  // Thinned for the screen on request (the dashboard's max_points);
  // summary and limits above come from all points.
  if (auto max_points = param_int(req, "max_points", 100, 1'000'000); !max_points)
    return send_error(res, 400, max_points.error());
  else if (*max_points)
    thin_chart(body, static_cast<std::size_t>(**max_points));
  send_json(res, 200, body);
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
