// GET /health (no key), GET /api/system and GET /api/system/history.
#include "server/app.hpp"
#include "server/http_util.hpp"
#include "server/json.hpp"

namespace llmscope::server {

void install_health_routes(httplib::Server& http, App& app) {
  http.Get("/health", [&app](const httplib::Request&, httplib::Response& res) {
    // A read of the series list proves the database answers; it runs on a
    // reader connection, so /health does not wait for a batch being stored
    // (the sample summary of GET /api/stats scans every sample).
    auto database = app.store().series();
    nlohmann::json replay = nullptr;
    if (const auto& r = app.options().replay) replay = {{"source", r->source}, {"speed", r->speed}};
    send_json(res, database ? 200 : 503,
              {{"status", database ? "ok" : "degraded"},
               {"timestamp", format_iso8601(now_ms())},
               {"version", LLMSCOPE_VERSION},
               {"database", database ? "ok" : database.error().message},
               {"mode", app.options().replay ? "replay" : "live"},
               {"replay", replay}});
  });

  http.Get("/api/system", [&app](const httplib::Request& req, httplib::Response& res) {
    if (auto r = check_params(req, {}); !r) return send_error(res, 400, r.error());
    auto h = app.host();
    send_json(res, 200,
              {{"cpu", h.cpu_percent},
               {"memory", h.memory_percent},
               {"gpu", h.gpu_percent},
               {"gpu_memory", h.gpu_memory_percent},
               {"gpu_available", h.gpu_available},
               {"system", h.system},
               {"release", h.release},
               {"timestamp", format_iso8601(now_ms())}});
  });

  // The readings the live stream sent as `system` events (or would have),
  // so a page that opens now can draw the last minutes at once.
  http.Get("/api/system/history", [&app](const httplib::Request& req, httplib::Response& res) {
    if (auto r = check_params(req, {}); !r) return send_error(res, 400, r.error());
    nlohmann::json out = nlohmann::json::array();
    for (const auto& reading : app.host_history()) out.push_back(to_json(reading));
    send_json(res, 200, out);
  });
}

}  // namespace llmscope::server
