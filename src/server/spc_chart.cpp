#include "server/spc_chart.hpp"

#include <cmath>

#include "server/app.hpp"
#include "server/http_util.hpp"
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

ChartLimits chart_limits(App& app, const SeriesKey& series, Metric metric,
                         const std::vector<double>& values) {
  const BaselineState state =
      app.pipeline().with_monitor([&](Monitor& m) { return m.baseline_state(series, metric); });
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

json mr_json(const std::vector<double>& ys, const spc::Limits& l) {
  json values = json::array();
  for (std::size_t i = 0; i < ys.size(); ++i)
    values.push_back(i == 0 ? json(nullptr) : json(std::fabs(ys[i] - ys[i - 1])));
  return {{"values", values}, {"center", l.mr_center}, {"ucl", l.mr_ucl}, {"lcl", 0.0}};
}

json ewma_json(const std::vector<double>& ys, const spc::Limits& l, const spc::EwmaParams& p) {
  spc::EwmaDetector ewma(p);
  json z = json::array(), ucl = json::array(), lcl = json::array();
  for (double y : ys) {
    const auto point = ewma.push(y, l.center, l.sigma);
    z.push_back(number(point.z));
    ucl.push_back(number(point.ucl));
    lcl.push_back(number(point.lcl));
  }
  return {{"enabled", p.enabled}, {"lambda", p.lambda}, {"L", p.L}, {"center", l.center}, {"z", z},
          {"ucl", ucl},           {"lcl", lcl}};
}

json cusum_json(const std::vector<double>& ys, const spc::Limits& l, const spc::CusumParams& p) {
  spc::CusumDetector cusum(p);
  json upper = json::array(), lower = json::array();
  for (double y : ys) {
    const auto point = cusum.push(y, l.center, l.sigma);
    upper.push_back(number(point.upper));
    lower.push_back(number(point.lower));
  }
  return {{"enabled", p.enabled},
          {"k", p.k},
          {"h", p.h},
          {"fir", p.fir},
          {"h_sigma", number(p.h * l.sigma)},
          {"upper", upper},
          {"lower", lower}};
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

json chart_limits_json(App& app, const SeriesKey& series, Metric metric,
                       const std::vector<double>& values) {
  const ChartLimits c = chart_limits(app, series, metric, values);
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

void add_chart_detectors(App& app, json& body, const SeriesKey& series, Metric metric,
                         const std::vector<double>& values) {
  const ChartLimits c = chart_limits(app, series, metric, values);
  const MonitorSettings settings =
      app.pipeline().with_monitor([](Monitor& m) { return m.settings(); });
  // Recomputed over the points shown against the limits shown, on the
  // judged scale; the live engine's own signals are in "flags".
  std::vector<double> ys;
  for (double x : values) ys.push_back(spc::apply(c.transform, x));
  body["mr"] = nullptr;
  body["ewma"] = nullptr;
  body["cusum"] = nullptr;
  if (c.judged) {
    body["mr"] = mr_json(ys, *c.judged);
    body["ewma"] = ewma_json(ys, *c.judged, settings.ewma);
    body["cusum"] = cusum_json(ys, *c.judged, settings.cusum);
  }
  body["transform"] = spc::to_string(c.transform);
  body["autocorrelation"] = autocorrelation_json(c.lag1);
}

void send_error_rate_chart(App& app, httplib::Response& res, const SeriesKey& series, double hours,
                           std::size_t limit) {
  SampleQuery q;
  q.provider = series.provider;
  q.model = series.model;
  q.since_ms = now_ms() - static_cast<std::int64_t>(hours * 3600 * 1000);
  q.limit = limit;
  auto samples = app.store().samples(q);
  if (!samples) return send_error(res, 503, samples.error().message);
  const MonitorSettings settings =
      app.pipeline().with_monitor([](Monitor& m) { return m.settings(); });
  const auto n = static_cast<std::size_t>(std::max(settings.error_rate_window, 1));

  // Consecutive windows of n samples from the first shown; a last partial
  // window is left out.
  json timestamps = json::array(), values = json::array(), ids = json::array();
  std::vector<std::int64_t> window_ids;
  std::int64_t failures = 0, trials = 0;
  for (std::size_t start = 0; start + n <= samples->size(); start += n) {
    std::int64_t failed = 0;
    for (std::size_t i = start; i < start + n; ++i) failed += (*samples)[i].success ? 0 : 1;
    const Sample& last = (*samples)[start + n - 1];
    timestamps.push_back(format_iso8601(last.timestamp_ms));
    values.push_back(static_cast<double>(failed) / static_cast<double>(n));
    ids.push_back(last.id);
    window_ids.push_back(last.id);
    failures += failed;
    trials += static_cast<std::int64_t>(n);
  }

  // The engine's windows count from its start, so its flag may sit on any
  // sample: it goes on the shown window holding that sample.
  std::vector<std::int64_t> all_ids;
  for (std::size_t i = 0; i < window_ids.size() * n; ++i) all_ids.push_back((*samples)[i].id);
  auto stored = app.store().flags(all_ids, Metric::error_rate);
  if (!stored) return send_error(res, 503, stored.error().message);
  json flags = json::array();
  std::size_t pos = 0;
  for (const SampleFlags& f : *stored) {
    while (pos < all_ids.size() && all_ids[pos] != f.sample_id) ++pos;
    if (pos == all_ids.size()) break;
    const std::size_t window = pos / n;
    flags.push_back(
        {{"index", window}, {"timestamp", timestamps[window]}, {"rules", rules_json(f.rules)}});
  }

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
  send_json(res, 200,
            {{"provider", series.provider},
             {"model", series.model},
             {"metric", "error_rate"},
             {"hours", hours},
             {"window", n},
             {"timestamps", timestamps},
             {"values", values},
             {"ids", ids},
             {"spc", spc},
             {"flags", flags}});
}

}  // namespace llmscope::server
