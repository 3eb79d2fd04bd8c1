#include "server/json.hpp"

#include <cmath>
#include <set>
#include <sstream>

#include "core/target_check.hpp"

namespace llmscope::server {
namespace {

using Error = std::string;

// Reads the fields of one JSON object, with an error naming the field.
class Fields {
 public:
  explicit Fields(const json& j) : j_(j) {}

  const json* get(const char* key) {
    seen_.insert(key);
    auto it = j_.find(key);
    if (it == j_.end() || it->is_null()) return nullptr;
    return &*it;
  }

  std::expected<std::optional<double>, Error> number(const char* key, double min, double max) {
    const json* v = get(key);
    if (!v) return std::nullopt;
    if (!v->is_number()) return std::unexpected(std::string(key) + ": must be a number");
    double x = v->get<double>();
    if (!std::isfinite(x)) return std::unexpected(std::string(key) + ": must be finite");
    if (x < min || x > max) return std::unexpected(std::string(key) + ": " + range(min, max));
    return x;
  }

  std::expected<std::optional<std::int64_t>, Error> integer(const char* key, std::int64_t min,
                                                            std::int64_t max) {
    const json* v = get(key);
    if (!v) return std::nullopt;
    bool whole = v->is_number_integer() ||
                 (v->is_number_float() && std::trunc(v->get<double>()) == v->get<double>());
    if (!whole) return std::unexpected(std::string(key) + ": must be an integer");
    double x = v->get<double>();
    if (x < double(min) || x > double(max))
      return std::unexpected(std::string(key) + ": must be between " + std::to_string(min) +
                             " and " + std::to_string(max));
    return static_cast<std::int64_t>(x);
  }

  std::expected<std::optional<std::string>, Error> string(const char* key, std::size_t max_len) {
    const json* v = get(key);
    if (!v) return std::nullopt;
    if (!v->is_string()) return std::unexpected(std::string(key) + ": must be a string");
    auto s = v->get<std::string>();
    if (s.size() > max_len)
      return std::unexpected(std::string(key) + ": longer than " + std::to_string(max_len) +
                             " characters");
    return s;
  }

  std::expected<std::optional<bool>, Error> boolean(const char* key) {
    const json* v = get(key);
    if (!v) return std::nullopt;
    if (!v->is_boolean()) return std::unexpected(std::string(key) + ": must be true or false");
    return v->get<bool>();
  }

  // The first key of the object that no reader asked for.
  std::optional<std::string> unknown() const {
    for (auto it = j_.begin(); it != j_.end(); ++it)
      if (!seen_.contains(it.key())) return it.key();
    return std::nullopt;
  }

 private:
  static std::string range(double min, double max) {
    std::ostringstream s;
    if (max == HUGE_VAL) {
      s << "must be at least " << min;
    } else {
      s << "must be between " << min << " and " << max;
    }
    return s.str();
  }
  const json& j_;
  std::set<std::string, std::less<>> seen_;
};

#define TRY_ASSIGN(target, expr)                 \
  do {                                           \
    auto r_ = (expr);                            \
    if (!r_) return std::unexpected(r_.error()); \
    if (*r_) target = **r_;                      \
  } while (0)

// The largest time or rate accepted: 1e12 (31 years in ms). Larger values
// are typos or attacks, and would overflow the running sums of the SPC.
constexpr double kInf = 1e12;

// The probe's breakdown (docs/PROBES.md); all optional.
std::expected<void, Error> read_probe_detail(Fields& f, Sample& s) {
  for (const SampleFigure& figure : kProbeDetailFigures)
    TRY_ASSIGN(s.*figure.member, f.number(figure.name, 0, kInf));
  TRY_ASSIGN(s.retry_after_s, f.number("retry_after_s", 0, kInf));
  TRY_ASSIGN(s.output_tokens_source, f.string("output_tokens_source", 20));
  const auto& src = s.output_tokens_source;
  if (src && *src != "usage" && *src != "eval_count" && *src != "events")
    return std::unexpected("output_tokens_source: must be usage, eval_count or events");
  return {};
}

std::expected<void, Error> read_timings(Fields& f, Sample& s) {
  TRY_ASSIGN(s.latency_ms, f.number("latency_ms", 0, kInf));
  TRY_ASSIGN(s.ttft_ms, f.number("ttft_ms", 0, kInf));
  TRY_ASSIGN(s.itl_ms, f.number("itl_ms", 0, kInf));
  TRY_ASSIGN(s.tokens_per_s, f.number("tokens_per_s", 0, kInf));
  TRY_ASSIGN(s.total_duration_ms, f.number("total_duration_ms", 0, kInf));
  TRY_ASSIGN(s.load_duration_ms, f.number("load_duration_ms", 0, kInf));
  TRY_ASSIGN(s.prompt_eval_duration_ms, f.number("prompt_eval_duration_ms", 0, kInf));
  TRY_ASSIGN(s.eval_duration_ms, f.number("eval_duration_ms", 0, kInf));
  constexpr std::int64_t kMaxCount = 1'000'000'000'000;
  TRY_ASSIGN(s.output_tokens, f.integer("output_tokens", 0, kMaxCount));
  TRY_ASSIGN(s.input_tokens, f.integer("input_tokens", 0, kMaxCount));
  TRY_ASSIGN(s.prompt_eval_count, f.integer("prompt_eval_count", 0, kMaxCount));
  TRY_ASSIGN(s.eval_count, f.integer("eval_count", 0, kMaxCount));
  return read_probe_detail(f, s);
}

std::expected<void, Error> read_outcome(Fields& f, Sample& s) {
  TRY_ASSIGN(s.success, f.boolean("success"));
  std::optional<std::int64_t> status;
  TRY_ASSIGN(status, f.integer("http_status", 100, 599));
  if (status) s.http_status = static_cast<int>(*status);
  TRY_ASSIGN(s.error, f.string("error", 4000));
  std::optional<std::string> kind;
  TRY_ASSIGN(kind, f.string("error_kind", 40));
  if (kind) {
    auto k = error_kind_from_string(*kind);
    if (!k) return std::unexpected("error_kind: unknown kind '" + *kind + "'");
    s.error_kind = *k;
  }
  if (!s.success && s.error_kind == ErrorKind::none) s.error_kind = ErrorKind::other;
  if (s.success && s.error_kind != ErrorKind::none)
    return std::unexpected("error_kind: given for a successful sample");
  return {};
}

std::expected<void, Error> read_host(Fields& f, Sample& s) {
  TRY_ASSIGN(s.cpu_percent, f.number("cpu_percent", 0, 100));
  TRY_ASSIGN(s.memory_percent, f.number("memory_percent", 0, 100));
  TRY_ASSIGN(s.gpu_percent, f.number("gpu_percent", 0, 100));
  TRY_ASSIGN(s.gpu_memory_percent, f.number("gpu_memory_percent", 0, 100));
  TRY_ASSIGN(s.prompt_hash, f.string("prompt_hash", 200));
  return {};
}

std::expected<void, Error> read_identity(Fields& f, Sample& s, EpochMs now_ms) {
  std::optional<std::string> model, provider, timestamp;
  TRY_ASSIGN(model, f.string("model", 200));
  if (!model || model->empty()) return std::unexpected("model: required");
  s.model = *model;
  TRY_ASSIGN(provider, f.string("provider", 100));
  s.provider = provider && !provider->empty() ? *provider : "unknown";
  TRY_ASSIGN(timestamp, f.string("timestamp", 64));
  s.timestamp_ms = now_ms;
  if (timestamp) {
    auto t = parse_iso8601(*timestamp);
    if (!t) return std::unexpected("timestamp: not an ISO 8601 time: '" + *timestamp + "'");
    // A sample from before 2000 or more than a day ahead is a broken clock
    // or a typo; stored, it would stay the series' newest point for years.
    constexpr EpochMs kYear2000 = 946684800000;
    constexpr EpochMs kDay = 86400000;
    if (*t < kYear2000 || *t > now_ms + kDay)
      return std::unexpected("timestamp: '" + *timestamp +
                             "' is before 2000 or more than a day in the future");
    s.timestamp_ms = *t;
  }
  if (s.model.find_first_of("\r\n") != std::string::npos)
    return std::unexpected("model: must not contain line breaks");
  if (s.provider.find_first_of("\r\n") != std::string::npos)
    return std::unexpected("provider: must not contain line breaks");
  return {};
}

template <typename T>
json opt(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

std::string trim_line(std::string line) {
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  return line;
}

}  // namespace

std::expected<Sample, std::string> sample_from_json(const json& j, EpochMs now_ms) {
  if (!j.is_object()) return std::unexpected("a sample must be a JSON object");
  Fields f(j);
  Sample s;
  if (auto r = read_identity(f, s, now_ms); !r) return std::unexpected(r.error());
  if (auto r = read_timings(f, s); !r) return std::unexpected(r.error());
  if (auto r = read_outcome(f, s); !r) return std::unexpected(r.error());
  if (auto r = read_host(f, s); !r) return std::unexpected(r.error());
  if (s.success && !s.latency_ms) return std::unexpected("latency_ms: required");
  if (auto key = f.unknown()) return std::unexpected(*key + ": unknown field");
  return s;
}

std::expected<ParsedSamples, std::string> samples_from_body(const std::string& body, bool ndjson,
                                                            EpochMs now_ms) {
  ParsedSamples out;
  if (ndjson) {
    out.batch = true;
    std::istringstream in(body);
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
      line = trim_line(line);
      if (line.empty()) continue;
      auto j = json::parse(line, nullptr, false);
      if (j.is_discarded())
        return std::unexpected("line " + std::to_string(n) + ": malformed JSON");
      auto s = sample_from_json(j, now_ms);
      if (!s) return std::unexpected("line " + std::to_string(n) + ": " + s.error());
      out.samples.push_back(std::move(*s));
    }
    if (out.samples.empty()) return std::unexpected("empty batch: no samples");
    return out;
  }

  auto j = json::parse(body, nullptr, false);
  if (j.is_discarded()) return std::unexpected("malformed JSON body");
  if (!j.is_array()) {
    auto s = sample_from_json(j, now_ms);
    if (!s) return std::unexpected(s.error());
    out.samples.push_back(std::move(*s));
    return out;
  }
  out.batch = true;
  if (j.empty()) return std::unexpected("empty batch: no samples");
  for (std::size_t i = 0; i < j.size(); ++i) {
    auto s = sample_from_json(j[i], now_ms);
    if (!s) return std::unexpected("item " + std::to_string(i) + ": " + s.error());
    out.samples.push_back(std::move(*s));
  }
  return out;
}

json iso_or_null(const std::optional<EpochMs>& t) {
  return t ? json(format_iso8601(*t)) : json(nullptr);
}

json to_json(const Sample& s) {
  json j = {
      {"id", s.id},
      {"timestamp", format_iso8601(s.timestamp_ms)},
      {"provider", s.provider},
      {"model", s.model},
      {"latency_ms", opt(s.latency_ms)},
      {"ttft_ms", opt(s.ttft_ms)},
      {"itl_ms", opt(s.itl_ms)},
      {"tokens_per_s", opt(s.tokens_per_s)},
      {"output_tokens", opt(s.output_tokens)},
      {"input_tokens", opt(s.input_tokens)},
      {"success", s.success},
      {"http_status", opt(s.http_status)},
      {"error", opt(s.error)},
      {"error_kind", s.success ? json(nullptr) : json(to_string(s.error_kind))},
      {"total_duration_ms", opt(s.total_duration_ms)},
      {"load_duration_ms", opt(s.load_duration_ms)},
      {"prompt_eval_duration_ms", opt(s.prompt_eval_duration_ms)},
      {"eval_duration_ms", opt(s.eval_duration_ms)},
      {"prompt_eval_count", opt(s.prompt_eval_count)},
      {"eval_count", opt(s.eval_count)},
      {"cpu_percent", opt(s.cpu_percent)},
      {"memory_percent", opt(s.memory_percent)},
      {"gpu_percent", opt(s.gpu_percent)},
      {"gpu_memory_percent", opt(s.gpu_memory_percent)},
      {"prompt_hash", opt(s.prompt_hash)},
      {"output_tokens_source", opt(s.output_tokens_source)},
      {"retry_after_s", opt(s.retry_after_s)},
  };
  for (const SampleFigure& figure : kProbeDetailFigures) j[figure.name] = opt(s.*figure.member);
  return j;
}

json to_json(const Violation& v) {
  return {
      {"id", v.id},
      {"provider", v.provider},
      {"model", v.model},
      {"metric", to_string(v.metric)},
      {"rule", v.rule},
      {"sample_id", v.sample_id},
      {"timestamp", format_iso8601(v.timestamp_ms)},
      {"latency_ms", v.value},
      {"value", v.value},
      {"deviation_sigma", v.deviation_sigma},
      {"peak_deviation_sigma", v.peak_deviation_sigma},
      {"mean_ms", v.center},
      {"std_ms", v.sigma},
      {"ucl_ms", v.ucl},
      {"lcl_ms", v.lcl},
      {"cpu_percent", opt(v.cpu_percent)},
      {"memory_percent", opt(v.memory_percent)},
      {"gpu_percent", opt(v.gpu_percent)},
      {"gpu_memory_percent", opt(v.gpu_memory_percent)},
      {"first_timestamp", format_iso8601(v.first_timestamp_ms)},
      {"last_timestamp", format_iso8601(v.last_timestamp_ms)},
      {"points", v.points},
      {"state", to_string(v.state)},
      {"is_acknowledged", v.is_acknowledged()},
      {"acknowledged_at", iso_or_null(v.acknowledged_at_ms)},
      {"acknowledged_by", opt(v.acknowledged_by)},
      {"note", opt(v.note)},
      {"is_resolved", v.is_resolved()},
      {"resolved_at", iso_or_null(v.resolved_at_ms)},
      {"resolved_by", opt(v.resolved_by)},
  };
}

json to_json(const ProbeTarget& t) {
  // api_key_env names a variable; it is not a secret and is returned.
  // api_key is: only whether there is one leaves the server.
  return {
      {"id", t.id},
      {"name", t.name},
      {"provider", t.provider},
      {"base_url", t.base_url},
      {"model", t.model},
      {"prompt", t.prompt},
      {"max_tokens", t.max_tokens},
      {"interval_s", t.interval_s},
      {"timeout_s", t.timeout_s},
      {"enabled", t.enabled},
      {"api_key_env", t.api_key_env},
      {"headers", t.headers},
      {"has_api_key", !t.api_key.empty()},
      {"connect_timeout_s", t.connect_timeout_s},
      {"first_token_timeout_s", t.first_token_timeout_s},
      {"ca_file", t.ca_file},
      {"http_method", t.http_method},
      {"expect_status", t.expect_status},
      {"expect_body", t.expect_body},
  };
}

json to_json(const SeriesInfo& s) {
  return {{"provider", s.provider},
          {"model", s.model},
          {"samples", s.samples},
          {"errors", s.errors},
          {"last_timestamp", format_iso8601(s.last_timestamp_ms)}};
}

json to_json(const telemetry::HostReading& r) {
  return {{"cpu", r.cpu_percent},
          {"memory", r.memory_percent},
          {"gpu", r.gpu_percent},
          {"gpu_memory", r.gpu_memory_percent},
          {"gpu_available", r.gpu_available},
          {"timestamp", format_iso8601(r.timestamp_ms)}};
}

// The target's key (write-only), phase timeouts, CA file and HTTP check.
static std::expected<void, std::string> read_probe_settings(Fields& f, ProbeTarget& t) {
  TRY_ASSIGN(t.api_key, f.string("api_key", 4000));
  TRY_ASSIGN(t.connect_timeout_s, f.number("connect_timeout_s", 0, 3600));
  TRY_ASSIGN(t.first_token_timeout_s, f.number("first_token_timeout_s", 0, 3600));
  TRY_ASSIGN(t.ca_file, f.string("ca_file", 4000));
  TRY_ASSIGN(t.http_method, f.string("http_method", 10));
  static const std::set<std::string> kMethods = {"GET",    "HEAD",  "POST",   "PUT",
                                                 "DELETE", "PATCH", "OPTIONS"};
  if (!kMethods.contains(t.http_method))
    return std::unexpected("http_method: must be GET, HEAD, POST, PUT, DELETE, PATCH or OPTIONS");
  std::optional<std::int64_t> status;
  TRY_ASSIGN(status, f.integer("expect_status", 100, 599));
  if (status) t.expect_status = static_cast<int>(*status);
  TRY_ASSIGN(t.expect_body, f.string("expect_body", 4000));
  return {};
}

std::expected<ProbeTarget, std::string> target_from_json(const json& j, ProbeTarget t) {
  if (!j.is_object()) return std::unexpected("a model must be a JSON object");
  Fields f(j);
  f.get("id");  // ignored: the path names the target
  TRY_ASSIGN(t.name, f.string("name", 200));
  TRY_ASSIGN(t.provider, f.string("provider", 40));
  TRY_ASSIGN(t.base_url, f.string("base_url", 2000));
  TRY_ASSIGN(t.model, f.string("model", 200));
  TRY_ASSIGN(t.prompt, f.string("prompt", 20000));
  std::optional<std::int64_t> max_tokens;
  TRY_ASSIGN(max_tokens, f.integer("max_tokens", 1, 100000));
  if (max_tokens) t.max_tokens = static_cast<int>(*max_tokens);
  TRY_ASSIGN(t.interval_s, f.number("interval_s", 0.1, 86400));
  TRY_ASSIGN(t.timeout_s, f.number("timeout_s", 0.1, 3600));
  TRY_ASSIGN(t.enabled, f.boolean("enabled"));
  TRY_ASSIGN(t.api_key_env, f.string("api_key_env", 200));
  if (const json* h = f.get("headers")) {
    if (!h->is_object()) return std::unexpected("headers: must be an object of strings");
    t.headers.clear();
    for (auto it = h->begin(); it != h->end(); ++it) {
      if (!it.value().is_string())
        return std::unexpected("headers." + it.key() + ": must be a string");
      t.headers[it.key()] = it.value().get<std::string>();
    }
  }
  if (auto r = read_probe_settings(f, t); !r) return std::unexpected(r.error());
  if (auto key = f.unknown()) return std::unexpected(*key + ": unknown field");

  if (!known_provider(t.provider))
    return std::unexpected(
        "provider: must be \"ollama\", \"ollama-chat\", \"openai\", \"anthropic\" or "
        "\"http\"");
  if (t.provider == "http" && t.model.empty()) t.model = t.base_url;
  if (t.model.empty()) return std::unexpected("model: required");
  if (t.base_url.rfind("http://", 0) != 0 && t.base_url.rfind("https://", 0) != 0)
    return std::unexpected("base_url: must start with http:// or https://");
  if (t.name.empty()) t.name = t.provider + "/" + t.model;
  if (auto r = check_target(t); !r) return std::unexpected(r.error());
  return t;
}

}  // namespace llmscope::server
