#pragma once

#include <expected>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/sample.hpp"
#include "core/store.hpp"
#include "core/target.hpp"
#include "core/violation.hpp"
#include "telemetry/history.hpp"

namespace llmscope::server {

using nlohmann::json;

// Reads one sample as POST /api/stats takes it. Strict: unknown fields,
// wrong types, non-finite or negative times, out-of-range percentages and
// bad timestamps are errors naming the field. `now_ms` stamps samples that
// carry no timestamp.
std::expected<Sample, std::string> sample_from_json(const json& j, EpochMs now_ms);

// Reads a request body holding one sample, a JSON array of samples, or
// NDJSON (one sample per line). Errors name the item or line.
struct ParsedSamples {
  std::vector<Sample> samples;
  bool batch = false;
};
std::expected<ParsedSamples, std::string> samples_from_body(
    const std::string& body, bool ndjson, EpochMs now_ms);

json to_json(const Sample& s);
json to_json(const Violation& v);
json to_json(const ProbeTarget& t);
json to_json(const SeriesInfo& s);
// A host reading as the stream's `system` event and GET
// /api/system/history carry it: {"cpu", "memory", "gpu", "gpu_memory",
// "gpu_available", "timestamp"}.
json to_json(const telemetry::HostReading& r);

// Reads a target for POST /api/models (all fields) or a change for PUT
// (`base` holds the current target; absent fields keep their value).
std::expected<ProbeTarget, std::string> target_from_json(const json& j,
                                                         ProbeTarget base);

// ISO 8601 or null.
json iso_or_null(const std::optional<EpochMs>& t);

}  // namespace llmscope::server
