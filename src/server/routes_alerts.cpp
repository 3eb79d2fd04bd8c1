// Alerts: the outbox with its attempts, test sends, and mute windows.
#include <spdlog/spdlog.h>

#include "server/alert_routes.hpp"
#include "server/app.hpp"
#include "server/http_guard.hpp"
#include "server/http_util.hpp"
#include "server/json.hpp"

namespace llmscope::server {
namespace {

json to_json(const AlertAttempt& a) {
  return {{"id", a.id},
          {"attempted_at", format_iso8601(a.attempted_ms)},
          {"duration_ms", a.duration_ms},
          {"ok", a.ok},
          {"permanent", a.permanent},
          {"code", a.code ? json(*a.code) : json(nullptr)},
          {"error", a.error ? json(*a.error) : json(nullptr)}};
}

json to_json(const AlertMute& m) {
  return {{"id", m.id},
          {"provider", m.provider.empty() ? json(nullptr) : json(m.provider)},
          {"model", m.model},
          {"starts_at", format_iso8601(m.starts_ms)},
          {"ends_at", format_iso8601(m.ends_ms)},
          {"reason", m.reason ? json(*m.reason) : json(nullptr)},
          {"created_at", format_iso8601(m.created_ms)}};
}

std::expected<DeliveryQuery, std::string> delivery_query(const httplib::Request& req) {
  if (auto r = check_params(req, {"violation_id", "channel", "status", "limit", "offset"}); !r)
    return std::unexpected(r.error());
  DeliveryQuery q;
  auto id = param_int(req, "violation_id", 1, INT64_MAX);
  auto limit = param_int(req, "limit", 1, 1000);
  auto offset = param_int(req, "offset", 0, 1'000'000'000);
  auto channel = param_string(req, "channel");
  auto status = param_string(req, "status");
  for (const auto* bad : {&id, &limit, &offset})
    if (!*bad) return std::unexpected(bad->error());
  if (!channel) return std::unexpected(channel.error());
  if (!status) return std::unexpected(status.error());
  q.violation_id = *id;
  if (*limit) q.limit = static_cast<std::size_t>(**limit);
  if (*offset) q.offset = static_cast<std::size_t>(**offset);
  if (*channel) {
    q.channel = alert_channel_from_string(**channel);
    if (!q.channel) return std::unexpected("channel: must be email, slack or webhook");
  }
  if (*status) {
    q.status = delivery_status_from_string(**status);
    if (!q.status)
      return std::unexpected(
          "status: must be pending, sent, failed, muted, suppressed or cancelled");
  }
  return q;
}

void list_alerts(App& app, const httplib::Request& req, httplib::Response& res) {
  auto q = delivery_query(req);
  if (!q) return send_error(res, 400, q.error());
  auto out = deliveries_json(app.store(), *q);
  if (!out) return send_error(res, 503, out.error());
  send_json(res, 200, *out);
}

void test_send(App& app, const httplib::Request& req, httplib::Response& res) {
  auto body = json_body(req);
  if (!body) return send_error(res, 400, body.error());
  for (auto it = body->begin(); it != body->end(); ++it)
    if (it.key() != "channel") return send_error(res, 400, it.key() + ": unknown field");
  auto name = body->value("channel", json(nullptr));
  if (!name.is_string()) return send_error(res, 400, "channel: required, a string");
  auto channel = alert_channel_from_string(name.get<std::string>());
  if (!channel) return send_error(res, 400, "channel: must be email, slack or webhook");

  alert::SendResult r = app.alerts().send_test(*channel);
  spdlog::info("test alert on {}: {}", to_string(*channel), r.ok ? "delivered" : r.error);
  json out = {{"channel", to_string(*channel)},
              {"ok", r.ok},
              {"permanent", r.permanent},
              {"code", r.code ? json(*r.code) : json(nullptr)},
              {"error", r.ok ? json(nullptr) : json(r.error)}};
  send_json(res, r.ok ? 200 : 502, out);
}

// Reads a mute: {"model", "provider"?, "starts_at"?, "ends_at" | "minutes", "reason"?}.
std::expected<AlertMute, std::string> mute_from_json(const json& j, EpochMs now) {
  AlertMute m;
  m.created_ms = now;
  m.starts_ms = now;
  std::optional<EpochMs> ends;
  std::optional<double> minutes;
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& k = it.key();
    const json& v = *it;
    if (k == "minutes") {
      if (!v.is_number() || v.get<double>() <= 0 || v.get<double>() > 525'600)
        return std::unexpected("minutes: must be a number from 0 to 525600 (a year)");
      minutes = v.get<double>();
      continue;
    }
    if (!v.is_string()) return std::unexpected(k + ": must be a string");
    std::string s = v.get<std::string>();
    if (k == "model" || k == "provider") {
      if (s.size() > 500) return std::unexpected(k + ": longer than 500 characters");
      (k == "model" ? m.model : m.provider) = s;
    } else if (k == "reason") {
      if (s.size() > 2000) return std::unexpected("reason: longer than 2000 characters");
      m.reason = s;
    } else if (k == "starts_at" || k == "ends_at") {
      auto t = parse_iso8601(s);
      if (!t) return std::unexpected(k + ": not an ISO 8601 time");
      (k == "starts_at" ? m.starts_ms : ends.emplace()) = *t;
    } else {
      return std::unexpected(k + ": unknown field");
    }
  }
  if (m.model.empty()) return std::unexpected("model: required");
  if (ends && minutes) return std::unexpected("ends_at: give ends_at or minutes, not both");
  if (!ends && !minutes) return std::unexpected("ends_at: required (or minutes)");
  m.ends_ms = ends ? *ends : m.starts_ms + static_cast<EpochMs>(*minutes * 60'000);
  if (m.ends_ms <= m.starts_ms) return std::unexpected("ends_at: must be after starts_at");
  return m;
}

void add_mute(App& app, const httplib::Request& req, httplib::Response& res) {
  auto body = json_body(req);
  if (!body) return send_error(res, 400, body.error());
  auto mute = mute_from_json(*body, now_ms());
  if (!mute) return send_error(res, 400, mute.error());
  auto id = app.store().insert_mute(*mute);
  if (!id) return send_error(res, 503, id.error().message);
  mute->id = *id;
  spdlog::info("alerts for {} muted until {}", log_safe(mute->model),
               format_iso8601(mute->ends_ms));
  send_json(res, 201, to_json(*mute));
}

}  // namespace

std::expected<json, std::string> deliveries_json(Store& store, const DeliveryQuery& q) {
  auto list = store.deliveries(q);
  if (!list) return std::unexpected(list.error().message);
  std::vector<std::int64_t> ids;
  for (const auto& d : *list) ids.push_back(d.id);
  auto attempts = store.attempts(ids);
  if (!attempts) return std::unexpected(attempts.error().message);

  json out = json::array();
  for (const AlertDelivery& d : *list) {
    json tries = json::array();
    for (const AlertAttempt& a : *attempts)
      if (a.delivery_id == d.id) tries.push_back(to_json(a));
    out.push_back({{"id", d.id},
                   {"violation_id", d.violation_id},
                   {"channel", to_string(d.channel)},
                   {"event", to_string(d.event)},
                   {"status", to_string(d.status)},
                   {"created_at", format_iso8601(d.created_ms)},
                   {"next_attempt_at", d.status == AlertDelivery::Status::pending
                                           ? json(format_iso8601(d.next_attempt_ms))
                                           : json(nullptr)},
                   {"attempts", tries},
                   {"last_error", d.last_error ? json(*d.last_error) : json(nullptr)},
                   {"sent_at", iso_or_null(d.sent_ms)}});
  }
  return out;
}

void install_alert_routes(httplib::Server& http, App& app) {
  http.Get("/api/alerts", [&app](const auto& req, auto& res) { list_alerts(app, req, res); });
  http.Post("/api/alerts/test", [&app](const auto& req, auto& res) { test_send(app, req, res); });
  http.Get("/api/mutes", [&app](const httplib::Request& req, httplib::Response& res) {
    if (auto r = check_params(req, {}); !r) return send_error(res, 400, r.error());
    auto list = app.store().mutes(now_ms());
    if (!list) return send_error(res, 503, list.error().message);
    json out = json::array();
    for (const auto& m : *list) out.push_back(to_json(m));
    send_json(res, 200, out);
  });
  http.Post("/api/mutes", [&app](const auto& req, auto& res) { add_mute(app, req, res); });
  http.Delete(R"(/api/mutes/(\d+))", [&app](const httplib::Request& req, auto& res) {
    auto id = path_id(req);
    auto r = id ? app.store().delete_mute(*id)
                : StoreResult<void>(std::unexpected(StoreError{StoreError::Kind::not_found, ""}));
    if (!r && r.error().kind == StoreError::Kind::not_found)
      return send_error(res, 404, "no mute " + std::string(req.matches[1]));
    if (!r) return send_error(res, 503, r.error().message);
    send_json(res, 200, {{"deleted", *id}});
  });
}

}  // namespace llmscope::server
