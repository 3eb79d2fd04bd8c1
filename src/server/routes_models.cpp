// The monitored models (probe targets): list, create, change, delete.
#include <spdlog/spdlog.h>

#include <algorithm>

#include "server/app.hpp"
#include "server/http_guard.hpp"
#include "server/http_util.hpp"
#include "server/json.hpp"

namespace llmscope::server {
namespace {

void send_store_error(httplib::Response& res, const StoreError& e, const std::string& name) {
  if (e.kind == StoreError::Kind::constraint)
    return send_error(res, 409, "name: a model named '" + name + "' already exists");
  if (e.kind == StoreError::Kind::not_found) return send_error(res, 404, "no " + e.message);
  send_error(res, 503, e.message);
}

// What the scheduler did for a target; null when it is not probed (probes
// off, or the target disabled).
json status_json(const App& app, std::int64_t id) {
  const probe::Scheduler* scheduler = app.scheduler();
  if (scheduler == nullptr) return nullptr;
  auto all = scheduler->counters();
  auto it = all.find(id);
  if (it == all.end()) return nullptr;
  const probe::TargetCounters& c = it->second;
  return {
      {"probes", c.probes},
      {"completed", c.completed},
      {"failures", c.failures},
      {"skipped", c.skipped},
      {"skipped_capacity", c.skipped_capacity},
      {"in_flight", c.in_flight},
      {"last_probe", c.last_probe_ms ? json(format_iso8601(*c.last_probe_ms)) : json(nullptr)},
      {"last_error_kind",
       c.last_error_kind == ErrorKind::none ? json(nullptr) : json(to_string(c.last_error_kind))},
      {"last_error", c.last_error ? json(*c.last_error) : json(nullptr)},
      {"usage_option_off", c.usage_option_off}};
}

json model_json(const App& app, const ProbeTarget& t) {
  json out = to_json(t);
  out["status"] = status_json(app, t.id);
  return out;
}

std::optional<ProbeTarget> find_target(App& app, std::int64_t id) {
  auto all = app.store().targets();
  if (!all) return std::nullopt;
  for (const auto& t : *all)
    if (t.id == id) return t;
  return std::nullopt;
}

// An API client may name only the variables the operator allowed in the
// configuration: any other would send the server's environment (its own
// secrets included) to whatever base_url the client chose.
std::expected<void, std::string> check_key_env(const App& app, const nlohmann::json& body) {
  auto it = body.find("api_key_env");
  if (it == body.end() || !it->is_string() || it->get<std::string>().empty()) return {};
  const auto& allowed = app.options().config.allowed_api_key_envs;
  std::string name = it->get<std::string>();
  if (std::find(allowed.begin(), allowed.end(), name) != allowed.end()) return {};
  return std::unexpected("api_key_env: '" + name +
                         "' may not be used through the API; list it in [server] "
                         "allowed_api_key_envs of the config file, or send the key "
                         "itself as api_key");
}

void create(App& app, const httplib::Request& req, httplib::Response& res) {
  auto body = json_body(req);
  if (!body) return send_error(res, 400, body.error());
  if (!body->contains("base_url")) return send_error(res, 400, "base_url: required");
  if (!body->contains("provider")) return send_error(res, 400, "provider: required");
  if (auto r = check_key_env(app, *body); !r) return send_error(res, 400, r.error());
  auto t = target_from_json(*body, ProbeTarget{});
  if (!t) return send_error(res, 400, t.error());
  auto id = app.store().insert_target(*t);
  if (!id) return send_store_error(res, id.error(), t->name);
  t->id = *id;
  spdlog::info("target {} added: {} {} at {}", log_safe(t->name), t->provider, log_safe(t->model),
               log_safe(t->base_url));
  app.reload_targets();
  send_json(res, 201, model_json(app, *t));
}

void update(App& app, const httplib::Request& req, httplib::Response& res) {
  auto id = path_id(req);
  auto current = id ? find_target(app, *id) : std::nullopt;
  if (!current) return send_error(res, 404, "no model " + std::string(req.matches[1]));
  auto body = json_body(req);
  if (!body) return send_error(res, 400, body.error());
  if (auto r = check_key_env(app, *body); !r) return send_error(res, 400, r.error());
  auto t = target_from_json(*body, *current);
  if (!t) return send_error(res, 400, t.error());
  if (auto r = app.store().update_target(*t); !r) return send_store_error(res, r.error(), t->name);
  app.reload_targets();
  send_json(res, 200, model_json(app, *t));
}

void remove(App& app, const httplib::Request& req, httplib::Response& res) {
  auto id = path_id(req);
  if (!id) return send_error(res, 404, "no model " + std::string(req.matches[1]));
  if (auto r = app.store().delete_target(*id); !r) return send_store_error(res, r.error(), "");
  spdlog::info("target {} deleted", *id);
  app.reload_targets();
  send_json(res, 200, {{"status", "ok"}, {"deleted", *id}});
}

}  // namespace

void install_model_routes(httplib::Server& http, App& app) {
  http.Get("/api/models", [&app](const httplib::Request& req, httplib::Response& res) {
    if (auto r = check_params(req, {}); !r) return send_error(res, 400, r.error());
    auto all = app.store().targets();
    if (!all) return send_error(res, 503, all.error().message);
    json out = json::array();
    for (const auto& t : *all) out.push_back(model_json(app, t));
    send_json(res, 200, out);
  });
  http.Get(R"(/api/models/(\d+))", [&app](const httplib::Request& req, httplib::Response& res) {
    auto id = path_id(req);
    auto t = id ? find_target(app, *id) : std::nullopt;
    if (!t) return send_error(res, 404, "no model " + std::string(req.matches[1]));
    send_json(res, 200, model_json(app, *t));
  });
  http.Post("/api/models", [&app](const auto& req, auto& res) { create(app, req, res); });
  http.Put(R"(/api/models/(\d+))", [&app](const auto& req, auto& res) { update(app, req, res); });
  http.Delete(R"(/api/models/(\d+))",
              [&app](const auto& req, auto& res) { remove(app, req, res); });
}

}  // namespace llmscope::server
