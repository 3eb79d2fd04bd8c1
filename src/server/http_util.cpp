#include "server/http_util.hpp"

#include <charconv>
#include <cmath>

#include "core/time.hpp"

namespace llmscope::server {

void send_json(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  // Invalid UTF-8 in stored text is replaced rather than failing the reply.
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                  "application/json");
}

void send_error(httplib::Response& res, int status, const std::string& message) {
  send_json(res, status, {{"error", message}});
}

std::expected<void, std::string> check_params(
    const httplib::Request& req, std::initializer_list<std::string_view> allowed) {
  for (const auto& [key, value] : req.params) {
    (void)value;
    bool known = false;
    for (auto a : allowed) known = known || a == key;
    if (!known) return std::unexpected(key + ": unknown query parameter");
  }
  return {};
}

std::expected<std::optional<std::string>, std::string> param_string(
    const httplib::Request& req, const char* name) {
  if (!req.has_param(name)) return std::nullopt;
  if (req.get_param_value_count(name) > 1)
    return std::unexpected(std::string(name) + ": given more than once");
  return req.get_param_value(name);
}

std::expected<std::optional<std::int64_t>, std::string> param_int(
    const httplib::Request& req, const char* name, std::int64_t min, std::int64_t max) {
  auto text = param_string(req, name);
  if (!text) return std::unexpected(text.error());
  if (!*text) return std::optional<std::int64_t>{};
  const std::string& s = **text;
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size())
    return std::unexpected(std::string(name) + ": not an integer: '" + s + "'");
  if (v < min || v > max)
    return std::unexpected(std::string(name) + ": must be between " + std::to_string(min) +
                           " and " + std::to_string(max));
  return v;
}

std::expected<std::optional<double>, std::string> param_number(
    const httplib::Request& req, const char* name, double min, double max) {
  auto text = param_string(req, name);
  if (!text) return std::unexpected(text.error());
  if (!*text) return std::optional<double>{};
  const std::string& s = **text;
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v))
    return std::unexpected(std::string(name) + ": not a number: '" + s + "'");
  if (v < min || v > max)
    return std::unexpected(std::string(name) + ": out of range");
  return v;
}

std::expected<std::optional<bool>, std::string> param_bool(const httplib::Request& req,
                                                           const char* name) {
  auto text = param_string(req, name);
  if (!text) return std::unexpected(text.error());
  if (!*text) return std::optional<bool>{};
  if (**text == "true" || **text == "1") return true;
  if (**text == "false" || **text == "0") return false;
  return std::unexpected(std::string(name) + ": must be true or false");
}

std::expected<std::optional<std::int64_t>, std::string> param_time(const httplib::Request& req,
                                                                   const char* name) {
  auto text = param_string(req, name);
  if (!text) return std::unexpected(text.error());
  if (!*text) return std::optional<std::int64_t>{};
  auto t = parse_iso8601(**text);
  if (!t) return std::unexpected(std::string(name) + ": not an ISO 8601 time: '" + **text + "'");
  return *t;
}

std::expected<nlohmann::json, std::string> json_body(const httplib::Request& req,
                                                     bool empty_ok) {
  if (req.body.empty()) {
    if (empty_ok) return nlohmann::json::object();
    return std::unexpected("request body: a JSON object is required");
  }
  auto j = nlohmann::json::parse(req.body, nullptr, false);
  if (j.is_discarded()) return std::unexpected("request body: malformed JSON");
  if (!j.is_object()) return std::unexpected("request body: must be a JSON object");
  return j;
}

std::optional<std::int64_t> path_id(const httplib::Request& req) {
  if (req.matches.size() < 2) return std::nullopt;
  std::string s = req.matches[1];
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace llmscope::server
