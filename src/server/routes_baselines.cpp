// Frozen baselines: POST /api/baselines freezes the limits of one series
// and metric (from a time range, or from the next N points), GET lists
// them, DELETE /api/baselines/{id} returns the series to rolling limits.
#include <spdlog/spdlog.h>

#include "core/baseline_store.hpp"
#include "server/app.hpp"
#include "server/http_util.hpp"
#include "server/spc_chart.hpp"

namespace llmscope::server {
namespace {

constexpr std::int64_t kMaxFirstN = 1'000'000;

std::expected<std::string, std::string> required_string(const json& body, const char* key) {
  auto it = body.find(key);
  if (it == body.end()) return std::unexpected(std::string(key) + ": required");
  if (!it->is_string() || it->get<std::string>().empty())
    return std::unexpected(std::string(key) + ": must be a non-empty string");
  return it->get<std::string>();
}

std::expected<EpochMs, std::string> required_time(const json& body, const char* key) {
  auto text = required_string(body, key);
  if (!text) return std::unexpected(text.error());
  auto t = parse_iso8601(*text);
  if (!t) return std::unexpected(std::string(key) + ": not an ISO 8601 date-time");
  return *t;
}

// The baseline a POST body asks for, without limits yet.
std::expected<Baseline, std::string> baseline_from_body(const json& body) {
  for (const auto& [key, value] : body.items())
    if (key != "provider" && key != "model" && key != "metric" && key != "from" && key != "until" &&
        key != "first_n")
      return std::unexpected(key + ": unknown field");
  Baseline b;
  auto provider = required_string(body, "provider");
  if (!provider) return std::unexpected(provider.error());
  auto model = required_string(body, "model");
  if (!model) return std::unexpected(model.error());
  b.provider = *provider;
  b.model = *model;
  if (body.contains("metric")) {
    auto name = required_string(body, "metric");
    if (!name) return std::unexpected(name.error());
    auto m = metric_from_string(*name);
    if (!m || *m == Metric::error_rate)
      return std::unexpected("metric: must be latency_ms, ttft_ms, itl_ms or tokens_per_s");
    b.metric = *m;
  }

  const bool range = body.contains("from") || body.contains("until");
  if (range == body.contains("first_n"))
    return std::unexpected("from: give either from and until, or first_n");
  if (!range) {
    const auto& n = body.at("first_n");
    if (!n.is_number_integer() || n.get<std::int64_t>() < 2 || n.get<std::int64_t>() > kMaxFirstN)
      return std::unexpected("first_n: must be an integer from 2 to 1000000");
    b.first_n = n.get<std::int64_t>();
    return b;
  }
  auto from = required_time(body, "from");
  if (!from) return std::unexpected(from.error());
  auto until = required_time(body, "until");
  if (!until) return std::unexpected(until.error());
  if (*until < *from) return std::unexpected("until: before from");
  b.from_ms = *from;
  b.until_ms = *until;
  return b;
}

void create(App& app, const httplib::Request& req, httplib::Response& res) {
  auto body = json_body(req);
  if (!body) return send_error(res, 400, body.error());
  auto b = baseline_from_body(*body);
  if (!b) return send_error(res, 400, b.error());
  b->created_ms = now_ms();
  b->transform = app.pipeline().with_monitor(
      [&](Monitor& m) { return m.settings().transform_of(b->series(), b->metric); });

  // A time range: the limits of the stored points in it, now.
  if (b->from_ms) {
    auto r =
        range_limits(app.store(), b->series(), b->metric, b->transform, *b->from_ms, *b->until_ms);
    if (!r && r.error().kind == StoreError::Kind::not_found)
      return send_error(res, 400, "from: " + r.error().message);
    if (!r) return send_error(res, 503, r.error().message);
    b->limits = r->limits;
    b->lag1 = r->lag1;
  }

  auto id = app.store().insert_baseline(*b);
  if (!id) return send_error(res, 503, id.error().message);
  b->id = *id;
  auto state = app.pipeline().change_monitor(b->series(), [&](Monitor& m) {
    if (b->limits)
      m.freeze(b->series(), b->metric, b->id, *b->limits, b->lag1.value_or(std::nan("")));
    else
      m.collect(b->series(), b->metric, b->id, static_cast<std::size_t>(*b->first_n));
    return m.baseline_state(b->series(), b->metric);
  });
  spdlog::info("baseline {} for {}/{} {}: {}", b->id, b->provider, b->model, to_string(b->metric),
               b->limits ? "frozen" : "collecting");
  send_json(res, 201, baseline_json(*b, state));
}

void list(App& app, const httplib::Request& req, httplib::Response& res) {
  if (auto r = check_params(req, {}); !r) return send_error(res, 400, r.error());
  auto all = app.store().baselines();
  if (!all) return send_error(res, 503, all.error().message);
  json out = json::array();
  for (const Baseline& b : *all) {
    auto state = app.pipeline().with_monitor(
        [&](Monitor& m) { return m.baseline_state(b.series(), b.metric); });
    out.push_back(baseline_json(b, state));
  }
  send_json(res, 200, out);
}

void remove(App& app, const httplib::Request& req, httplib::Response& res) {
  auto id = path_id(req);
  if (!id) return send_error(res, 404, "no such baseline");
  auto all = app.store().baselines();
  if (!all) return send_error(res, 503, all.error().message);
  auto it = std::find_if(all->begin(), all->end(), [&](const Baseline& b) { return b.id == *id; });
  if (it == all->end()) return send_error(res, 404, "no baseline " + std::to_string(*id));

  auto deleted = app.store().delete_baseline(*id);
  if (!deleted) return send_error(res, 503, deleted.error().message);
  app.pipeline().change_monitor(it->series(), [&](Monitor& m) {
    auto state = m.baseline_state(it->series(), it->metric);
    if (state.frozen_id == *id || state.collecting_id == *id) m.release(it->series(), it->metric);
    return 0;
  });
  spdlog::info("baseline {} released: {}/{} {} back to rolling limits", *id, it->provider,
               it->model, to_string(it->metric));
  send_json(res, 200, {{"deleted", *id}});
}

}  // namespace

void install_baseline_routes(httplib::Server& http, App& app) {
  http.Post("/api/baselines", [&app](const auto& req, auto& res) { create(app, req, res); });
  http.Get("/api/baselines", [&app](const auto& req, auto& res) { list(app, req, res); });
  http.Delete(R"(/api/baselines/(\d+))",
              [&app](const auto& req, auto& res) { remove(app, req, res); });
}

}  // namespace llmscope::server
