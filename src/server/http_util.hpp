#pragma once

#include <httplib.h>

#include <cstdint>
#include <expected>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace llmscope::server {

// Writes `body` as the JSON response.
void send_json(httplib::Response& res, int status, const nlohmann::json& body);

// Whether `a` and `b` are the same ASCII text but for letter case (header
// names, content codings, schemes).
bool same_nocase(std::string_view a, std::string_view b);

// Whether the request's Accept-Encoding takes gzip (and not with q=0).
bool accepts_gzip(const httplib::Request& req);

// `text` as one gzip member at zlib's `level` (1 fastest .. 9 smallest);
// nullopt on failure.
std::optional<std::string> gzipped(std::string_view text, int level);

// send_json for large answers (a chart): when `gzip`, compressed here at
// zlib's fastest level rather than by the HTTP library at its default
// level, which costs 70 ms on a 2.4 MB week-long chart against 20 ms.
void send_large_json(httplib::Response& res, int status, const nlohmann::json& body, bool gzip);
// The same for an answer already written as JSON text (server/json_text.hpp).
void send_large_json_text(httplib::Response& res, int status, std::string text, bool gzip);

// Writes {"error": message}.
void send_error(httplib::Response& res, int status, const std::string& message);

// Rejects query parameters other than `allowed`; the error names the first.
std::expected<void, std::string> check_params(const httplib::Request& req,
                                              std::initializer_list<std::string_view> allowed);

// Query parameter readers: nullopt when absent; an error naming the
// parameter when present but malformed or out of range.
std::expected<std::optional<std::string>, std::string> param_string(const httplib::Request& req,
                                                                    const char* name);
std::expected<std::optional<std::int64_t>, std::string> param_int(const httplib::Request& req,
                                                                  const char* name,
                                                                  std::int64_t min,
                                                                  std::int64_t max);
std::expected<std::optional<double>, std::string> param_number(const httplib::Request& req,
                                                               const char* name, double min,
                                                               double max);
std::expected<std::optional<bool>, std::string> param_bool(const httplib::Request& req,
                                                           const char* name);
// An ISO 8601 time (core/time.hpp's parse_iso8601: UTC unless an offset
// is given), as epoch milliseconds.
std::expected<std::optional<std::int64_t>, std::string> param_time(const httplib::Request& req,
                                                                   const char* name);

// Parses the body as a JSON object (an empty body counts as {} when
// `empty_ok`); the error says what is wrong.
std::expected<nlohmann::json, std::string> json_body(const httplib::Request& req,
                                                     bool empty_ok = false);

// The numeric id captured by a route pattern like "/api/x/(\d+)".
std::optional<std::int64_t> path_id(const httplib::Request& req);

// Hands the heap a large request body left behind back to the system.
// glibc keeps freed memory in per-thread arenas, and with 64 worker
// threads a bulk import stayed resident: 372 MB after 600,000 samples
// posted in batches of 20,000. Trims only after bodies of 1 MiB or more,
// so small requests pay nothing.
void release_memory_after(std::size_t body_bytes);

}  // namespace llmscope::server
