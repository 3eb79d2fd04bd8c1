#include "cli/llmperf_trace.hpp"

#include <algorithm>
#include <charconv>
#include <map>

#include "cli/csv.hpp"

namespace llmscope::cli {
namespace {

std::optional<double> number(const std::string& s) {
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

std::optional<std::int64_t> count(const std::string& s) {
  auto v = number(s);
  if (!v) return std::nullopt;
  return static_cast<std::int64_t>(*v);
}

Sample row_sample(const std::map<std::string, std::string>& row) {
  Sample s;
  s.provider = row.at("provider");
  s.model = row.at("model");
  const std::string& code = row.at("error_code");
  if (!code.empty()) {
    s.success = false;
    s.error = row.at("error_msg").empty() ? "error " + code : row.at("error_msg");
    s.error_kind = code == "429" ? ErrorKind::http_429 : ErrorKind::other;
    if (code == "429") s.http_status = 429;
    return s;
  }
  auto ms = [](std::optional<double> s) -> std::optional<double> {
    if (!s) return std::nullopt;
    return *s * 1000.0;
  };
  s.latency_ms = ms(number(row.at("end_to_end_latency_s")));
  s.ttft_ms = ms(number(row.at("ttft_s")));
  s.itl_ms = ms(number(row.at("inter_token_latency_s")));
  s.tokens_per_s = number(row.at("request_output_throughput_token_per_s"));
  s.input_tokens = count(row.at("number_input_tokens"));
  s.output_tokens = count(row.at("number_output_tokens"));
  if (!s.latency_ms) {
    s.success = false;
    s.error_kind = ErrorKind::bad_payload;
    s.error = "no end-to-end latency in the trace";
  }
  return s;
}

}  // namespace

std::expected<std::vector<TraceRun>, std::string> read_llmperf_trace(std::string_view csv) {
  auto table = read_csv(csv);
  if (!table) return std::unexpected(table.error().message);
  static const char* kNeeded[] = {
      "provider", "model_size", "model", "error_code", "error_msg", "ttft_s",
      "inter_token_latency_s", "end_to_end_latency_s",
      "request_output_throughput_token_per_s", "number_input_tokens",
      "number_output_tokens"};
  for (const char* col : kNeeded)
    if (std::find(table->header.begin(), table->header.end(), col) == table->header.end())
      return std::unexpected(std::string("not an llmperf trace: no column '") + col + "'");

  std::vector<TraceRun> runs;
  std::map<std::string, std::size_t> index;
  for (const auto& fields : table->rows) {
    std::map<std::string, std::string> row;
    for (std::size_t i = 0; i < fields.size(); ++i) row[table->header[i]] = fields[i];
    std::string key = row["provider"] + "/" + row["model_size"];
    auto [it, added] = index.emplace(key, runs.size());
    if (added) runs.push_back({row["provider"], row["model"], {}});
    runs[it->second].samples.push_back(row_sample(row));
  }
  return runs;
}

}  // namespace llmscope::cli
