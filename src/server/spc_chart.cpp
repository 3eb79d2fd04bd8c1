#include "server/spc_chart.hpp"

#include <algorithm>
#include <cmath>
#include <type_traits>

#include "server/app.hpp"
#include "server/chart.hpp"
#include "server/http_util.hpp"
#include "server/json_text.hpp"
#include "server/thinning.hpp"
#include "spc/cusum.hpp"
#include "spc/ewma.hpp"
#include "spc/proportion.hpp"

namespace llmscope::server {
namespace {

json number(double x) { return std::isfinite(x) ? json(x) : json(nullptr); }

json limits_object(const spc::Limits& l) {
  return {{"n", l.n},     {"center", l.center},       {"sigma", l.sigma},  {"ucl", l.ucl},
          {"lcl", l.lcl}, {"mr_center", l.mr_center}, {"mr_ucl", l.mr_ucl}};
}

json autocorrelation_json(double lag1) {
  return {{"lag1", number(lag1)},
          {"warning", std::isfinite(lag1) && lag1 > spc::kAutocorrelationWarning},
          {"threshold", spc::kAutocorrelationWarning}};
}

// The limits a chart shows and judges against, and how they were made.
struct ChartLimits {
  std::optional<spc::Limits> judged;
  spc::Transform transform = spc::Transform::none;
  std::string baseline = "rolling";
  std::optional<std::int64_t> baseline_id;
  double lag1 = std::nan("");
};

ChartLimits chart_limits(const BaselineState& state, const std::vector<double>& values) {
  ChartLimits out;
  out.transform = state.transform;
  out.judged = state.limits;
  out.lag1 = state.lag1;
  if (state.frozen_id) {
    out.baseline = "frozen";
    out.baseline_id = state.frozen_id;
  }
  if (!out.judged) {
    std::vector<double> ys;
    for (double x : values)
      if (double y = spc::apply(state.transform, x); std::isfinite(y)) ys.push_back(y);
    out.judged = spc::individuals_limits(ys);
    out.lag1 = spc::lag1_autocorrelation(ys);
    out.baseline = "window";
  }
  return out;
}

// The detectors' series over every point of a chart, on the judged scale,
// one entry per point (NaN where there is none: the first moving range).
struct DetectorSeries {
  std::vector<double> mr, ewma_z, ewma_ucl, ewma_lcl, cusum_upper, cusum_lower;
};

DetectorSeries run_detectors(const std::vector<double>& ys, const spc::Limits& l,
                             const MonitorSettings& settings) {
  DetectorSeries d;
  const std::size_t n = ys.size();
  for (auto* v : {&d.mr, &d.ewma_z, &d.ewma_ucl, &d.ewma_lcl, &d.cusum_upper, &d.cusum_lower})
    v->reserve(n);
  spc::EwmaDetector ewma(settings.ewma);
  spc::CusumDetector cusum(settings.cusum);
  for (std::size_t i = 0; i < n; ++i) {
    d.mr.push_back(i == 0 ? std::nan("") : std::fabs(ys[i] - ys[i - 1]));
    const auto e = ewma.push(ys[i], l.center, l.sigma);
    d.ewma_z.push_back(e.z);
    d.ewma_ucl.push_back(e.ucl);
    d.ewma_lcl.push_back(e.lcl);
    const auto c = cusum.push(ys[i], l.center, l.sigma);
    d.cusum_upper.push_back(c.upper);
    d.cusum_lower.push_back(c.lower);
  }
  return d;
}

// The entries of `v` at positions `at` (ascending), NaN written as null.
template <typename T>
json picked(const std::vector<T>& v, const std::vector<std::size_t>& at) {
  json out = json::array();
  out.get_ref<json::array_t&>().reserve(at.size());
  for (std::size_t i : at) {
    if constexpr (std::is_floating_point_v<T>)
      out.push_back(number(v[i]));
    else
      out.push_back(v[i]);
  }
  return out;
}

json picked_times(const std::vector<EpochMs>& ts, const std::vector<std::size_t>& at) {
  json out = json::array();
  out.get_ref<json::array_t&>().reserve(at.size());
  for (std::size_t i : at) out.push_back(format_iso8601(ts[i]));
  return out;
}

// Which points to write: those thinning keeps when the request asks for
// at most max_points (extremes per bucket, flagged points, both ends),
// otherwise all of them.
std::vector<std::size_t> shown_points(const std::vector<double>& values,
                                      const std::vector<std::size_t>& flagged,
                                      std::size_t max_points) {
  if (max_points != 0 && values.size() > max_points)
    return thin_indices(values, flagged, max_points);
  std::vector<std::size_t> all(values.size());
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
  return all;
}

// Point `pos` of the full series renumbered to its place among the shown
// points (flagged points are always shown).
std::size_t shown_index(std::size_t pos, const std::vector<std::size_t>& shown) {
  return static_cast<std::size_t>(std::lower_bound(shown.begin(), shown.end(), pos) -
                                  shown.begin());
}

// A flag at point `pos` of the full series, at its place among the shown.
json flag_json(std::size_t pos, spc::RuleMask rules, const std::vector<std::size_t>& shown,
               const json& timestamps) {
  const std::size_t at = shown_index(pos, shown);
  return {{"index", at}, {"timestamp", timestamps[at]}, {"rules", rules_json(rules)}};
}

// Where each flagged sample sits among a chart's samples `ids` (in time
// order, which is id order unless samples arrived out of order), as
// (position, rules) by position; flags of samples not in `ids` are dropped.
std::vector<std::pair<std::size_t, spc::RuleMask>> locate_flags(
    const std::vector<std::int64_t>& ids, const std::vector<SampleFlags>& flags) {
  std::vector<std::pair<std::size_t, spc::RuleMask>> out;
  auto add = [&](std::size_t pos, const SampleFlags& f) {
    if (pos < ids.size() && ids[pos] == f.sample_id) out.emplace_back(pos, f.rules);
  };
  if (std::is_sorted(ids.begin(), ids.end())) {
    for (const SampleFlags& f : flags)
      add(static_cast<std::size_t>(std::lower_bound(ids.begin(), ids.end(), f.sample_id) -
                                   ids.begin()),
          f);
    return out;
  }
  std::vector<std::pair<std::int64_t, std::size_t>> by_id;
  by_id.reserve(ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) by_id.emplace_back(ids[i], i);
  std::sort(by_id.begin(), by_id.end());
  for (const SampleFlags& f : flags) {
    auto it = std::lower_bound(by_id.begin(), by_id.end(), std::make_pair(f.sample_id, 0uz));
    if (it != by_id.end()) add(it->second, f);
  }
  std::sort(out.begin(), out.end());
  return out;
}

json summary_json(const ChartSummary& s) {
  // Figures of an empty window are null, not 0: there is no mean of nothing.
  auto figure = [&](double v) { return s.count ? json(v) : json(nullptr); };
  return {{"count", s.count},     {"mean", figure(s.mean)},    {"std", figure(s.std)},
          {"p50", figure(s.p50)}, {"p95", figure(s.p95)},      {"p99", figure(s.p99)},
          {"errors", s.errors},   {"error_rate", s.error_rate}};
}

// The fields every chart answer starts with.
json chart_head(const ChartRequest& req) {
  return {{"provider", req.series.provider},
          {"model", req.series.model},
          {"metric", to_string(req.metric)},
          {"hours", req.hours},
          {"since", format_iso8601(req.since_ms)},
          {"until", req.until_ms ? json(format_iso8601(*req.until_ms)) : json(nullptr)}};
}

StoreResult<ChartColumns> read_columns(App& app, const ChartRequest& req) {
  ChartQuery q;
  q.provider = req.series.provider;
  q.model = req.series.model;
  q.metric = req.metric;
  q.since_ms = req.since_ms;
  q.until_ms = req.until_ms;
  q.limit = req.limit;
  return app.store().chart_columns(q);
}

}  // namespace

json rules_json(spc::RuleMask rules) {
  json out = json::array();
  for (int r = 1; r <= kRuleCount; ++r)
    if (rules & (1u << (r - 1))) out.push_back(rule_name(r));
  return out;
}

json baseline_json(const Baseline& b, const BaselineState& state) {
  auto time = [](const std::optional<EpochMs>& t) {
    return t ? json(format_iso8601(*t)) : json(nullptr);
  };
  std::string status = "inactive";  // replaced, or on a scale no longer in use
  if (state.frozen_id == b.id) status = "frozen";
  if (state.collecting_id == b.id) status = "collecting";
  json out = {{"id", b.id},
              {"provider", b.provider},
              {"model", b.model},
              {"metric", to_string(b.metric)},
              {"created", format_iso8601(b.created_ms)},
              {"from", time(b.from_ms)},
              {"until", time(b.until_ms)},
              {"first_n", b.first_n ? json(*b.first_n) : json(nullptr)},
              {"status", status},
              {"collected", status == "collecting" ? state.collected
                            : b.limits             ? b.limits->n
                                                   : 0},
              {"transform", spc::to_string(b.transform)},
              {"limits", nullptr},
              {"original_scale", nullptr},
              {"lag1", b.lag1 ? number(*b.lag1) : json(nullptr)}};
  if (b.limits) {
    out["limits"] = limits_object(*b.limits);
    const auto shown = spc::to_original_scale(b.transform, *b.limits);
    out["original_scale"] = {{"center", shown.center}, {"ucl", shown.ucl}, {"lcl", shown.lcl}};
  }
  return out;
}

namespace {

// The "spc" object of a chart: the limits shown on the original scale,
// the judged-scale ones, the baseline kind and the lag-1 autocorrelation.
json limits_json(const ChartLimits& c, Metric metric) {
  if (!c.judged) return nullptr;
  const spc::Limits shown = spc::to_original_scale(c.transform, *c.judged);
  json out = limits_object(shown);
  out["metric"] = to_string(metric);
  out["method"] = "imr";
  out["baseline"] = c.baseline;
  out["baseline_id"] = c.baseline_id ? json(*c.baseline_id) : json(nullptr);
  out["transform"] = spc::to_string(c.transform);
  out["judged"] = limits_object(*c.judged);
  out["lag1"] = number(c.lag1);
  out["autocorrelation_warning"] = std::isfinite(c.lag1) && c.lag1 > spc::kAutocorrelationWarning;
  return out;
}

}  // namespace

void send_metric_chart(App& app, httplib::Response& res, const ChartRequest& req) {
  auto columns = read_columns(app, req);
  if (!columns) return send_error(res, 503, columns.error().message);

  // The points: successful samples with a value, oldest first.
  std::vector<std::int64_t> ids;
  std::vector<EpochMs> times;
  std::vector<double> values;
  std::size_t errors = 0;
  for (std::size_t i = 0; i < columns->size(); ++i) {
    if (!columns->success[i]) ++errors;
    if (std::isnan(columns->values[i])) continue;
    ids.push_back(columns->ids[i]);
    times.push_back(columns->timestamps_ms[i]);
    values.push_back(columns->values[i]);
  }

  auto stored_flags = app.store().flags(ids, req.metric);
  if (!stored_flags) return send_error(res, 503, stored_flags.error().message);
  const auto flags = locate_flags(ids, *stored_flags);  // (point, rules)
  std::vector<std::size_t> flagged;
  for (const auto& f : flags) flagged.push_back(f.first);

  // The live limits (what the next sample is judged against) when the
  // engine has them; otherwise limits of the points shown.
  // (As published after the last ingest: a batch being stored does not
  // hold the chart up.)
  const auto engine = app.pipeline().chart_state(req.series, req.metric);
  const ChartLimits limits = chart_limits(engine.baseline, values);
  const MonitorSettings& settings = engine.settings;
  const auto shown = shown_points(values, flagged, req.max_points);

  // Recomputed over every point of the window against the limits shown,
  // on the judged scale; the live engine's own signals are in "flags".
  std::optional<DetectorSeries> detectors;
  if (limits.judged) {
    std::vector<double> ys;
    ys.reserve(values.size());
    for (double x : values) ys.push_back(spc::apply(limits.transform, x));
    detectors = run_detectors(ys, *limits.judged, settings);
  }

  // Written member by member, in the order nlohmann::json always wrote
  // this answer (by name), without building a document of it first.
  std::vector<std::string> stamps;  // quoted, as written
  stamps.reserve(shown.size());
  for (std::size_t i : shown) stamps.push_back('"' + format_iso8601(times[i]) + '"');
  JsonText t;
  t.reserve(shown.size() * 220 + 4096);
  auto column = [&](const std::vector<double>& v) {
    t.begin_array();
    for (std::size_t i : shown) t.number(v[i]);
    t.end_array();
  };
  auto repeated = [&](const std::string& text) {
    const std::string once = JsonText::encoded(text);
    t.begin_array();
    for (std::size_t n = 0; n < shown.size(); ++n) t.raw(once);
    t.end_array();
  };
  const json head = chart_head(req);
  t.begin_object();
  t.key("autocorrelation").value(autocorrelation_json(limits.lag1));
  t.key("cusum");
  if (detectors) {
    const spc::Limits& l = *limits.judged;
    t.begin_object();
    t.key("enabled").value(settings.cusum.enabled).key("fir").value(settings.cusum.fir);
    t.key("h").value(settings.cusum.h).key("h_sigma").number(settings.cusum.h * l.sigma);
    t.key("k").value(settings.cusum.k);
    t.key("lower");
    column(detectors->cusum_lower);
    t.key("upper");
    column(detectors->cusum_upper);
    t.end_object();
  } else {
    t.null();
  }
  t.key("ewma");
  if (detectors) {
    t.begin_object();
    t.key("L").value(settings.ewma.L).key("center").value(limits.judged->center);
    t.key("enabled").value(settings.ewma.enabled).key("lambda").value(settings.ewma.lambda);
    t.key("lcl");
    column(detectors->ewma_lcl);
    t.key("ucl");
    column(detectors->ewma_ucl);
    t.key("z");
    column(detectors->ewma_z);
    t.end_object();
  } else {
    t.null();
  }
  t.key("flags").begin_array();
  for (const auto& [pos, rules] : flags) {
    const std::size_t at = shown_index(pos, shown);
    t.begin_object().key("index").integer(static_cast<std::int64_t>(at));
    t.key("rules").value(rules_json(rules)).key("timestamp").raw(stamps[at]).end_object();
  }
  t.end_array();
  t.key("hours").value(head["hours"]);
  t.key("ids").begin_array();
  for (std::size_t i : shown) t.integer(ids[i]);
  t.end_array();
  t.key("metric").value(head["metric"]).key("model").value(head["model"]);
  t.key("models");
  repeated(req.series.model);
  t.key("mr");
  if (detectors) {
    const spc::Limits& l = *limits.judged;
    t.begin_object().key("center").value(l.mr_center).key("lcl").value(0.0);
    t.key("ucl").value(l.mr_ucl).key("values");
    column(detectors->mr);
    t.end_object();
  } else {
    t.null();
  }
  t.key("provider").value(head["provider"]);
  t.key("providers");
  repeated(req.series.provider);
  t.key("since").value(head["since"]);
  t.key("spc").value(limits_json(limits, req.metric));
  t.key("summary").value(summary_json(summarize(values, columns->size(), errors)));
  if (shown.size() < values.size())
    t.key("thinned").value(json{{"from", values.size()}, {"to", shown.size()}});
  t.key("timestamps").begin_array();
  for (const std::string& stamp : stamps) t.raw(stamp);
  t.end_array();
  t.key("transform").value(spc::to_string(limits.transform));
  t.key("until").value(head["until"]);
  t.key("values");
  column(values);
  t.end_object();
  send_large_json_text(res, 200, t.take(), req.gzip);
}

void send_error_rate_chart(App& app, httplib::Response& res, const ChartRequest& req) {
  auto columns = read_columns(app, req);
  if (!columns) return send_error(res, 503, columns.error().message);
  const MonitorSettings settings =
      app.pipeline().chart_state(req.series, Metric::error_rate).settings;
  const auto n = static_cast<std::size_t>(std::max(settings.error_rate_window, 1));

  // Consecutive windows of n samples from the first shown; a last partial
  // window is left out. A window is dated and identified by its last sample.
  std::vector<EpochMs> times;
  std::vector<double> rates;
  std::vector<std::int64_t> window_ids;
  std::int64_t failures = 0, trials = 0;
  for (std::size_t start = 0; start + n <= columns->size(); start += n) {
    std::int64_t failed = 0;
    for (std::size_t i = start; i < start + n; ++i) failed += columns->success[i] ? 0 : 1;
    times.push_back(columns->timestamps_ms[start + n - 1]);
    rates.push_back(static_cast<double>(failed) / static_cast<double>(n));
    window_ids.push_back(columns->ids[start + n - 1]);
    failures += failed;
    trials += static_cast<std::int64_t>(n);
  }

  // The engine's windows count from its start, so its flag may sit on any
  // sample: it goes on the shown window holding that sample.
  const std::vector<std::int64_t> sample_ids(columns->ids.begin(),
                                             columns->ids.begin() + window_ids.size() * n);
  auto stored = app.store().flags(sample_ids, Metric::error_rate);
  if (!stored) return send_error(res, 503, stored.error().message);
  auto flags = locate_flags(sample_ids, *stored);  // (sample, rules) -> (window, rules)
  std::vector<std::size_t> flagged;
  for (auto& [pos, rules] : flags) {
    pos /= n;
    if (flagged.empty() || flagged.back() != pos) flagged.push_back(pos);
  }
  const auto shown = shown_points(rates, flagged, req.max_points);

  json spc = nullptr;
  if (auto l = spc::proportion_limits(failures, trials, static_cast<std::int64_t>(n)))
    spc = {{"metric", "error_rate"},
           {"method", "p"},
           {"baseline", "window"},
           {"n", n},
           {"windows", window_ids.size()},
           {"center", l->center},
           {"sigma", l->sigma},
           {"ucl", l->ucl},
           {"lcl", l->lcl},
           {"transform", "none"}};
  json body = chart_head(req);
  body["window"] = n;
  body["timestamps"] = picked_times(times, shown);
  body["values"] = picked(rates, shown);
  body["ids"] = picked(window_ids, shown);
  body["spc"] = spc;
  json flags_json = json::array();
  for (const auto& [window, rules] : flags)
    flags_json.push_back(flag_json(window, rules, shown, body["timestamps"]));
  body["flags"] = std::move(flags_json);
  if (shown.size() < rates.size()) body["thinned"] = {{"from", rates.size()}, {"to", shown.size()}};
  send_large_json(res, 200, body, req.gzip);
}

}  // namespace llmscope::server
