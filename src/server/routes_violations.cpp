// The violations log and its workflow: list, details, acknowledge,
// resolve, CSV export.
#include <algorithm>
#include <sstream>

#include "server/alert_routes.hpp"
#include "server/app.hpp"
#include "server/http_util.hpp"
#include "server/json.hpp"

namespace llmscope::server {
namespace {

std::expected<ViolationQuery, std::string> violation_query(const httplib::Request& req) {
  if (auto r = check_params(req, {"model", "provider", "rule", "metric", "acknowledged", "resolved",
                                  "state", "since", "until", "limit", "offset"});
      !r)
    return std::unexpected(r.error());
  ViolationQuery q;
  std::string bad;
  auto take = [&bad](auto r, auto& out) {
    if (!r) {
      if (bad.empty()) bad = r.error();
    } else if (*r) {
      out = **r;
    }
  };
  take(param_string(req, "model"), q.model);
  take(param_string(req, "provider"), q.provider);
  take(param_string(req, "rule"), q.rule);
  take(param_string(req, "metric"), q.metric);
  take(param_bool(req, "acknowledged"), q.acknowledged);
  take(param_bool(req, "resolved"), q.resolved);
  take(param_int(req, "limit", 1, 1000), q.limit);
  take(param_int(req, "offset", 0, 1'000'000'000), q.offset);
  take(param_time(req, "since"), q.since_ms);
  take(param_time(req, "until"), q.until_ms);
  std::optional<std::string> state;
  take(param_string(req, "state"), state);
  if (!bad.empty()) return std::unexpected(bad);
  if (q.since_ms && q.until_ms && *q.until_ms < *q.since_ms)
    return std::unexpected("until: before since");
  if (state && *state != "open" && *state != "closed")
    return std::unexpected("state: must be open or closed");
  if (state) q.state = *state == "open" ? Violation::State::open : Violation::State::closed;
  if (q.rule) {
    auto id = rule_from_name(*q.rule);
    if (!id) return std::unexpected("rule: unknown rule '" + *q.rule + "'");
    q.rule = rule_name(*id);  // "r1" and "1" mean R1
  }
  if (q.metric && !metric_from_string(*q.metric))
    return std::unexpected("metric: unknown metric '" + *q.metric + "'");
  return q;
}

// Finds the violation named by the path, or answers 404.
std::optional<Violation> find(App& app, const httplib::Request& req, httplib::Response& res) {
  auto id = path_id(req);
  if (!id) {
    send_error(res, 404, "no violation " + std::string(req.matches[1]));
    return std::nullopt;
  }
  auto v = app.store().violation(*id);
  if (!v) {
    send_error(res, 503, v.error().message);
    return std::nullopt;
  }
  if (!*v) send_error(res, 404, "no violation " + std::to_string(*id));
  return *v;
}

// Reads {"<who_key>": "...", "note": "..."}; `who` required when asked.
std::expected<std::pair<std::optional<std::string>, std::optional<std::string>>, std::string>
workflow_body(const httplib::Request& req, const char* who_key, bool who_required) {
  auto body = json_body(req, !who_required);
  if (!body) return std::unexpected(body.error());
  std::optional<std::string> who, note;
  for (auto it = body->begin(); it != body->end(); ++it) {
    const std::string& key = it.key();
    if (key != who_key && key != "note") return std::unexpected(key + ": unknown field");
    if (it->is_null()) continue;
    if (!it->is_string()) return std::unexpected(key + ": must be a string");
    std::string value = it->get<std::string>();
    std::size_t max = key == "note" ? 4000 : 200;
    if (value.size() > max)
      return std::unexpected(key + ": longer than " + std::to_string(max) + " characters");
    (key == "note" ? note : who) = value;
  }
  if (who_required && (!who || who->find_first_not_of(" \t\r\n") == std::string::npos))
    return std::unexpected(std::string(who_key) + ": required");
  return std::pair{who, note};
}

void acknowledge(App& app, const httplib::Request& req, httplib::Response& res) {
  auto v = find(app, req, res);
  if (!v) return;
  auto body = workflow_body(req, "acknowledged_by", true);
  if (!body) return send_error(res, 400, body.error());
  if (v->is_acknowledged())
    return send_error(res, 409, "violation " + std::to_string(v->id) +
                                    " is already acknowledged by " +
                                    v->acknowledged_by.value_or("someone"));
  v->acknowledged_at_ms = now_ms();
  v->acknowledged_by = body->first;
  if (body->second) v->note = body->second;
  if (auto r = app.store().update_workflow(*v); !r) return send_error(res, 503, r.error().message);
  send_json(res, 200, to_json(*v));
}

void resolve(App& app, const httplib::Request& req, httplib::Response& res) {
  auto v = find(app, req, res);
  if (!v) return;
  auto body = workflow_body(req, "resolved_by", false);
  if (!body) return send_error(res, 400, body.error());
  if (v->is_resolved())
    return send_error(res, 409, "violation " + std::to_string(v->id) + " is already resolved");
  v->resolved_at_ms = now_ms();
  v->resolved_by = body->first;
  if (body->second) v->note = v->note ? *v->note + "\n" + *body->second : *body->second;
  // The resolution and the alert it may send commit together.
  auto r = app.store().transaction([&]() -> StoreResult<void> {
    if (auto w = app.store().update_workflow(*v); !w) return w;
    return app.alerts().violation_resolved(*v);
  });
  if (!r) return send_error(res, 503, r.error().message);
  app.alerts().wake();
  send_json(res, 200, to_json(*v));
}

// One CSV field per RFC 4180: quoted when it holds a comma, quote or line
// break; a leading = + - @ is prefixed with ' so spreadsheets do not run it.
std::string csv_field(std::string s) {
  if (!s.empty() && std::string_view("=+-@\t\r").find(s[0]) != std::string_view::npos &&
      !(s[0] == '-' && s.size() > 1 && std::isdigit(static_cast<unsigned char>(s[1]))))
    s = "'" + s;
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

void export_csv(App& app, const httplib::Request& req, httplib::Response& res) {
  auto q = violation_query(req);
  if (!q) return send_error(res, 400, q.error());
  if (!req.has_param("limit")) q->limit = 1000;
  auto list = app.store().violations(*q);
  if (!list) return send_error(res, 503, list.error().message);

  static const char* kColumns[] = {
      "id", "provider", "model", "metric", "rule", "timestamp", "value", "deviation_sigma",
      "mean_ms", "std_ms", "ucl_ms", "lcl_ms", "first_timestamp", "last_timestamp",
      "points", "state", "acknowledged_at", "acknowledged_by", "note", "resolved_at",
      "resolved_by"};
  std::ostringstream out;
  for (std::size_t i = 0; i < std::size(kColumns); ++i) out << (i ? "," : "") << kColumns[i];
  out << "\r\n";
  for (const Violation& v : *list) {
    json j = to_json(v);
    for (std::size_t i = 0; i < std::size(kColumns); ++i) {
      const json& f = j[kColumns[i]];
      std::string text = f.is_null() ? "" : f.is_string() ? f.get<std::string>() : f.dump();
      out << (i ? "," : "") << csv_field(text);
    }
    out << "\r\n";
  }
  res.set_header("Content-Disposition", "attachment; filename=\"violations.csv\"");
  res.set_content(out.str(), "text/csv; charset=utf-8");
}

}  // namespace

void install_violation_routes(httplib::Server& http, App& app) {
  http.Get("/api/violations", [&app](const httplib::Request& req, httplib::Response& res) {
    auto q = violation_query(req);
    if (!q) return send_error(res, 400, q.error());
    auto list = app.store().violations(*q);
    if (!list) return send_error(res, 503, list.error().message);
    json out = json::array();
    for (const Violation& v : *list) out.push_back(to_json(v));
    send_json(res, 200, out);
  });
  http.Get(R"(/api/violations/(\d+))", [&app](const httplib::Request& req, auto& res) {
    if (auto r = check_params(req, {}); !r) return send_error(res, 400, r.error());
    auto v = find(app, req, res);
    if (!v) return;
    json out = to_json(*v);
    DeliveryQuery q;
    q.violation_id = v->id;
    q.limit = 1000;
    auto alerts = deliveries_json(app.store(), q);
    if (!alerts) return send_error(res, 503, alerts.error());
    out["alerts"] = *alerts;
    send_json(res, 200, out);
  });
  http.Post(R"(/api/violations/(\d+)/acknowledge)",
            [&app](const auto& req, auto& res) { acknowledge(app, req, res); });
  http.Post(R"(/api/violations/(\d+)/resolve)",
            [&app](const auto& req, auto& res) { resolve(app, req, res); });
  http.Get("/api/export/violations",
           [&app](const auto& req, auto& res) { export_csv(app, req, res); });
}

}  // namespace llmscope::server
