#include "server/http_util.hpp"

#include <malloc.h>
#include <zlib.h>

#include <algorithm>
#include <cctype>
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

std::optional<std::string> gzipped(std::string_view text, int level) {
  z_stream z{};
  constexpr int kGzipWindow = 15 + 16;  // 32 KiB window, gzip header and trailer
  if (deflateInit2(&z, level, Z_DEFLATED, kGzipWindow, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    return std::nullopt;
  std::string out(deflateBound(&z, static_cast<uLong>(text.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  if (rc != Z_STREAM_END) return std::nullopt;
  return out;
}

bool same_nocase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

namespace {

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The part of `s` before the first `sep`, and `s` left with what follows.
std::string_view take_until(std::string_view& s, char sep) {
  const auto at = s.find(sep);
  std::string_view head = s.substr(0, at);
  s = at == std::string_view::npos ? std::string_view() : s.substr(at + 1);
  return head;
}

}  // namespace

bool accepts_gzip(const httplib::Request& req) {
  // A list of codings, each with ";name=value" parameters; names of both
  // are case-insensitive, and spaces may surround the separators.
  const std::string header = req.get_header_value("Accept-Encoding");
  std::string_view list = header;
  while (!list.empty()) {
    std::string_view item = take_until(list, ',');
    const std::string_view coding = trimmed(take_until(item, ';'));
    if (!same_nocase(coding, "gzip") && !same_nocase(coding, "x-gzip")) continue;
    while (!item.empty()) {
      std::string_view param = take_until(item, ';');
      const std::string_view name = trimmed(take_until(param, '='));
      const std::string_view weight = trimmed(param);
      // "q=0", "q=0.0", "q=0.000": refused; any other weight accepts.
      if (same_nocase(name, "q") && !weight.empty() &&
          weight.find_first_not_of("0.") == std::string_view::npos)
        return false;
    }
    return true;
  }
  return false;
}

void send_large_json(httplib::Response& res, int status, const nlohmann::json& body, bool gzip) {
  send_large_json_text(res, status,
                       body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), gzip);
}

void send_large_json_text(httplib::Response& res, int status, std::string text, bool gzip) {
  res.status = status;
  res.set_header("Vary", "Accept-Encoding");
  constexpr std::size_t kWorthCompressing = 4096;
  if (gzip && text.size() >= kWorthCompressing) {
    if (auto packed = gzipped(text, Z_BEST_SPEED)) {
      res.set_header("Content-Encoding", "gzip");
      // With a charset the library takes the type for one it must not
      // compress again (it only knows the bare "application/json").
      res.set_content(std::move(*packed), "application/json; charset=utf-8");
      return;
    }
  }
  res.set_content(std::move(text), "application/json");
}

void send_error(httplib::Response& res, int status, const std::string& message) {
  send_json(res, status, {{"error", message}});
}

std::expected<void, std::string> check_params(const httplib::Request& req,
                                              std::initializer_list<std::string_view> allowed) {
  for (const auto& [key, value] : req.params) {
    (void)value;
    bool known = false;
    for (auto a : allowed) known = known || a == key;
    if (!known) return std::unexpected(key + ": unknown query parameter");
  }
  return {};
}

std::expected<std::optional<std::string>, std::string> param_string(const httplib::Request& req,
                                                                    const char* name) {
  if (!req.has_param(name)) return std::nullopt;
  if (req.get_param_value_count(name) > 1)
    return std::unexpected(std::string(name) + ": given more than once");
  return req.get_param_value(name);
}

std::expected<std::optional<std::int64_t>, std::string> param_int(const httplib::Request& req,
                                                                  const char* name,
                                                                  std::int64_t min,
                                                                  std::int64_t max) {
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

std::expected<std::optional<double>, std::string> param_number(const httplib::Request& req,
                                                               const char* name, double min,
                                                               double max) {
  auto text = param_string(req, name);
  if (!text) return std::unexpected(text.error());
  if (!*text) return std::optional<double>{};
  const std::string& s = **text;
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v))
    return std::unexpected(std::string(name) + ": not a number: '" + s + "'");
  if (v < min || v > max) return std::unexpected(std::string(name) + ": out of range");
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

std::expected<nlohmann::json, std::string> json_body(const httplib::Request& req, bool empty_ok) {
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

void release_memory_after(std::size_t body_bytes) {
  constexpr std::size_t kLargeBody = 1 << 20;
  if (body_bytes >= kLargeBody) ::malloc_trim(0);
}

}  // namespace llmscope::server
