// POST /api/models/{id}/probe: probes a monitored model once, now, and
// answers the full timing breakdown (the JSON of `llmscope probe`).
#include <spdlog/spdlog.h>

#include "probe/probe.hpp"
#include "probe/report.hpp"
#include "server/app.hpp"
#include "server/http_guard.hpp"
#include "server/http_util.hpp"
#include "server/json.hpp"

namespace llmscope::server {
namespace {

void probe_now(App& app, const httplib::Request& req, httplib::Response& res) {
  if (auto r = check_params(req, {}); !r) return send_error(res, 400, r.error());
  auto id = path_id(req);
  auto all = app.store().targets();
  if (!all) return send_error(res, 503, all.error().message);
  auto it = std::find_if(all->begin(), all->end(),
                         [&](const ProbeTarget& t) { return id && t.id == *id; });
  if (it == all->end()) return send_error(res, 404, "no model " + std::string(req.matches[1]));

  // Blocks this worker for at most the target's timeout. The sample is not
  // stored: an extra probe off the schedule would bend the series' spacing.
  auto outcome = probe::run_probe(*it);
  spdlog::info("probe now of target {}: {}", log_safe(it->name),
               outcome.sample.success ? "ok" : to_string(outcome.sample.error_kind));
  json report = json::parse(probe::probe_report_json(*it, outcome));
  report["report"] = probe::format_probe_report(*it, outcome);
  send_json(res, 200, report);
}

}  // namespace

void install_probe_now_routes(httplib::Server& http, App& app) {
  http.Post(R"(/api/models/(\d+)/probe)",
            [&app](const auto& req, auto& res) { probe_now(app, req, res); });
}

}  // namespace llmscope::server
