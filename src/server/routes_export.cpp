// GET /api/export/samples: the raw samples of a window as CSV (RFC 4180).
#include <sstream>

#include "server/app.hpp"
#include "server/http_util.hpp"
#include "server/json.hpp"

namespace llmscope::server {
namespace {

const char* const kColumns[] = {
    "id",           "timestamp",     "provider",    "model",          "success",
    "latency_ms",   "ttft_ms",       "itl_ms",      "tokens_per_s",   "output_tokens",
    "input_tokens", "http_status",   "error_kind",  "error",          "cpu_percent",
    "memory_percent", "gpu_percent", "gpu_memory_percent"};

// Quoted when needed (RFC 4180); text that a spreadsheet would run as a
// formula gets a leading '. Numbers are written as JSON writes them.
std::string csv_cell(const json& value) {
  if (value.is_null()) return "";
  if (!value.is_string()) return value.dump();
  std::string s = value.get<std::string>();
  if (!s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@')) s = "'" + s;
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string quoted = "\"";
  for (char c : s) quoted += (c == '"') ? "\"\"" : std::string(1, c);
  return quoted + "\"";
}

std::expected<SampleQuery, std::string> export_query(const httplib::Request& req) {
  if (auto r = check_params(req, {"provider", "model", "hours", "since", "until", "limit"}); !r)
    return std::unexpected(r.error());
  SampleQuery q;
  auto provider = param_string(req, "provider");
  auto model = param_string(req, "model");
  auto hours = param_number(req, "hours", 0.001, 24.0 * 366);
  auto limit = param_int(req, "limit", 1, 2'000'000);
  if (!provider) return std::unexpected(provider.error());
  if (!model) return std::unexpected(model.error());
  if (!hours) return std::unexpected(hours.error());
  if (!limit) return std::unexpected(limit.error());
  q.provider = *provider;
  q.model = *model;
  q.limit = static_cast<std::size_t>(limit->value_or(100'000));
  if (*hours) q.since_ms = now_ms() - static_cast<std::int64_t>(**hours * 3600 * 1000);

  for (const char* name : {"since", "until"}) {
    if (!req.has_param(name)) continue;
    auto t = parse_iso8601(req.get_param_value(name));
    if (!t) return std::unexpected(std::string(name) + ": not an ISO 8601 time");
    (name[0] == 's' ? q.since_ms : q.until_ms) = *t;
  }
  return q;
}

void export_samples(App& app, const httplib::Request& req, httplib::Response& res) {
  auto q = export_query(req);
  if (!q) return send_error(res, 400, q.error());
  auto samples = app.store().samples(*q);
  if (!samples) return send_error(res, 503, samples.error().message);

  std::ostringstream out;
  for (std::size_t i = 0; i < std::size(kColumns); ++i) out << (i ? "," : "") << kColumns[i];
  out << "\r\n";
  for (const Sample& s : *samples) {
    json j = to_json(s);
    for (std::size_t i = 0; i < std::size(kColumns); ++i)
      out << (i ? "," : "") << csv_cell(j[kColumns[i]]);
    out << "\r\n";
  }
  res.set_header("Content-Disposition", "attachment; filename=\"samples.csv\"");
  res.set_content(out.str(), "text/csv; charset=utf-8");
}

}  // namespace

void install_export_routes(httplib::Server& http, App& app) {
  http.Get("/api/export/samples",
           [&app](const auto& req, auto& res) { export_samples(app, req, res); });
}

}  // namespace llmscope::server
