#include "probe/probe_request.hpp"

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string_view>

namespace llmscope::probe {
namespace {

using nlohmann::json;

std::string join_url(std::string base, std::string_view path) {
  while (!base.empty() && base.back() == '/') base.pop_back();
  // "http://host:8080/v1" is how OpenAI-compatible servers are often
  // configured; do not make it /v1/v1/...
  if (path.starts_with("/v1/") && base.ends_with("/v1")) path.remove_prefix(3);
  return base + std::string(path);
}

std::string ollama_body(const ProbeTarget& t) {
  json body = {{"model", t.model},
               {"prompt", t.prompt},
               {"stream", true},
               {"options", {{"num_predict", t.max_tokens}}}};
  return body.dump();
}

std::string openai_body(const ProbeTarget& t) {
  json body = {{"model", t.model},
               {"messages", json::array({{{"role", "user"}, {"content", t.prompt}}})},
               {"stream", true},
               {"max_tokens", t.max_tokens},
               {"stream_options", {{"include_usage", true}}}};
  return body.dump();
}

void add_auth_and_extra_headers(const ProbeTarget& t, std::vector<std::string>& headers) {
  if (!t.api_key_env.empty()) {
    const char* key = std::getenv(t.api_key_env.c_str());
    if (key != nullptr && *key != '\0') {
      headers.push_back(std::string("Authorization: Bearer ") + key);
    }
  }
  for (const auto& [name, value] : t.headers) headers.push_back(name + ": " + value);
}

}  // namespace

std::expected<ProbeRequest, std::string> build_probe_request(const ProbeTarget& target) {
  if (target.base_url.empty()) return std::unexpected("base_url is empty");
  if (target.model.empty()) return std::unexpected("model is empty");

  ProbeRequest req;
  req.headers = {"Content-Type: application/json",
                 "Expect:"};  // no 100-continue round trip before the body
  if (target.provider == "ollama") {
    req.url = join_url(target.base_url, "/api/generate");
    req.body = ollama_body(target);
    req.headers.push_back("Accept: application/x-ndjson");
  } else if (target.provider == "openai") {
    req.url = join_url(target.base_url, "/v1/chat/completions");
    req.body = openai_body(target);
    req.headers.push_back("Accept: text/event-stream");
  } else {
    return std::unexpected("unknown provider \"" + target.provider +
                           "\" (expected ollama or openai)");
  }
  add_auth_and_extra_headers(target, req.headers);
  return req;
}

}  // namespace llmscope::probe
