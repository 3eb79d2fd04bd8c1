#include "core/sample.hpp"

#include <array>
#include <utility>

namespace llmscope {
namespace {

constexpr std::array<std::pair<ErrorKind, std::string_view>, 16> kErrorKinds{{
    {ErrorKind::none, "none"},
    {ErrorKind::dns, "dns"},
    {ErrorKind::connect, "connect"},
    {ErrorKind::tls, "tls"},
    {ErrorKind::timeout_connect, "timeout_connect"},
    {ErrorKind::timeout_first_token, "timeout_first_token"},
    {ErrorKind::timeout_total, "timeout_total"},
    {ErrorKind::http_4xx, "http_4xx"},
    {ErrorKind::http_429, "http_429"},
    {ErrorKind::http_5xx, "http_5xx"},
    {ErrorKind::overloaded, "overloaded"},
    {ErrorKind::stream_error, "stream_error"},
    {ErrorKind::truncated, "truncated"},
    {ErrorKind::empty, "empty"},
    {ErrorKind::bad_payload, "bad_payload"},
    {ErrorKind::other, "other"},
}};

constexpr std::array<std::pair<Metric, std::string_view>, 5> kMetrics{{
    {Metric::latency_ms, "latency_ms"},
    {Metric::ttft_ms, "ttft_ms"},
    {Metric::itl_ms, "itl_ms"},
    {Metric::tokens_per_s, "tokens_per_s"},
    {Metric::error_rate, "error_rate"},
}};

}  // namespace

std::string_view to_string(ErrorKind kind) {
  for (const auto& [k, name] : kErrorKinds)
    if (k == kind) return name;
  return "other";
}

std::optional<ErrorKind> error_kind_from_string(std::string_view text) {
  for (const auto& [k, name] : kErrorKinds)
    if (name == text) return k;
  return std::nullopt;
}

std::string_view to_string(Metric metric) {
  for (const auto& [m, name] : kMetrics)
    if (m == metric) return name;
  return "latency_ms";
}

std::optional<Metric> metric_from_string(std::string_view text) {
  for (const auto& [m, name] : kMetrics)
    if (name == text) return m;
  return std::nullopt;
}

std::optional<double> metric_value(const Sample& sample, Metric metric) {
  if (!sample.success) return std::nullopt;
  switch (metric) {
    case Metric::latency_ms: return sample.latency_ms;
    case Metric::ttft_ms: return sample.ttft_ms;
    case Metric::itl_ms: return sample.itl_ms;
    case Metric::tokens_per_s: return sample.tokens_per_s;
    case Metric::error_rate: return std::nullopt;  // not a per-sample value
  }
  return std::nullopt;
}

}  // namespace llmscope
