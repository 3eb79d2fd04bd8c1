#include "alert/webhook.hpp"

#include <fmt/format.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace llmscope::alert {
namespace {

using nlohmann::json;

json optional_json(const auto& v) { return v ? json(*v) : json(nullptr); }

json iso_or_null(const std::optional<EpochMs>& t) {
  return t ? json(format_iso8601(*t)) : json(nullptr);
}

}  // namespace

nlohmann::json webhook_body(const AlertMessage& m) {
  const Violation& v = m.violation;
  return {
      {"event", to_string(m.event)},
      {"test", m.test},
      {"delivery_id", m.delivery_id},
      {"summary", headline(m)},
      {"episode",
       {{"id", v.id},
        {"state", to_string(v.state)},
        {"first_timestamp", format_iso8601(v.first_timestamp_ms)},
        {"last_timestamp", format_iso8601(v.last_timestamp_ms)},
        {"points", v.points},
        {"peak_deviation_sigma", v.peak_deviation_sigma},
        {"acknowledged_at", iso_or_null(v.acknowledged_at_ms)},
        {"acknowledged_by", optional_json(v.acknowledged_by)},
        {"resolved_at", iso_or_null(v.resolved_at_ms)},
        {"resolved_by", optional_json(v.resolved_by)},
        {"note", optional_json(v.note)}}},
      {"series", {{"provider", v.provider}, {"model", v.model}, {"metric", to_string(v.metric)}}},
      {"rule", {{"name", v.rule}, {"description", rule_description(v.rule)}}},
      {"value", v.value},
      {"timestamp", format_iso8601(v.timestamp_ms)},
      {"deviation_sigma", v.deviation_sigma},
      {"limits", {{"center", v.center}, {"sigma", v.sigma}, {"ucl", v.ucl}, {"lcl", v.lcl}}},
      {"host",
       {{"cpu_percent", optional_json(v.cpu_percent)},
        {"memory_percent", optional_json(v.memory_percent)},
        {"gpu_percent", optional_json(v.gpu_percent)},
        {"gpu_memory_percent", optional_json(v.gpu_memory_percent)}}},
      {"link", m.link.empty() ? json(nullptr) : json(m.link)},
  };
}

std::string hmac_sha256_hex(const std::string& key, const std::string& data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest, &length);
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) hex += fmt::format("{:02x}", digest[i]);
  return hex;
}

HttpHeaders webhook_headers(const AlertMessage& m, const std::string& body,
                            const std::string& secret, std::int64_t unix_seconds) {
  HttpHeaders headers = {{"X-LLMscope-Event", std::string(to_string(m.event))},
                         {"X-LLMscope-Delivery", std::to_string(m.delivery_id)}};
  if (secret.empty()) return headers;
  std::string ts = std::to_string(unix_seconds);
  headers.push_back({"X-LLMscope-Timestamp", ts});
  headers.push_back({"X-LLMscope-Signature", "sha256=" + hmac_sha256_hex(secret, ts + "." + body)});
  return headers;
}

}  // namespace llmscope::alert
