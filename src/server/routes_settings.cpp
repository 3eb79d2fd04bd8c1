// Run-time settings: GET /api/settings, PUT /api/settings/{key}.
#include "server/app.hpp"
#include "server/http_util.hpp"

namespace llmscope::server {

void install_settings_routes(httplib::Server& http, App& app) {
  http.Get("/api/settings", [&app](const httplib::Request& req, httplib::Response& res) {
    if (auto r = check_params(req, {}); !r) return send_error(res, 400, r.error());
    send_json(res, 200, app.settings().describe());
  });
  http.Put(R"(/api/settings/([A-Za-z0-9_.-]+))",
           [&app](const httplib::Request& req, httplib::Response& res) {
             auto body = json_body(req);
             if (!body) return send_error(res, 400, body.error());
             for (auto it = body->begin(); it != body->end(); ++it)
               if (it.key() != "value") return send_error(res, 400, it.key() + ": unknown field");
             if (!body->contains("value")) return send_error(res, 400, "value: required");
             auto r = app.settings().put(req.matches[1], (*body)["value"]);
             if (!r) return send_error(res, r.error().status, r.error().message);
             send_json(res, 200, {{"key", std::string(req.matches[1])}, {"value", *r}});
           });
}

}  // namespace llmscope::server
