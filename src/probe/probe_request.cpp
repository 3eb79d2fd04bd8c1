#include "probe/probe_request.hpp"

#include <algorithm>
#include <cctype>
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

json user_messages(const ProbeTarget& t) {
  return json::array({{{"role", "user"}, {"content", t.prompt}}});
}

std::string ollama_body(const ProbeTarget& t, bool chat) {
  json body = {{"model", t.model}, {"stream", true}, {"options", {{"num_predict", t.max_tokens}}}};
  if (chat) {
    body["messages"] = user_messages(t);
  } else {
    body["prompt"] = t.prompt;
  }
  return body.dump();
}

std::string openai_body(const ProbeTarget& t, bool include_usage) {
  json body = {{"model", t.model},
               {"messages", user_messages(t)},
               {"stream", true},
               {"max_tokens", t.max_tokens}};
  if (include_usage) body["stream_options"] = {{"include_usage", true}};
  return body.dump();
}

std::string anthropic_body(const ProbeTarget& t) {
  json body = {{"model", t.model},
               {"messages", user_messages(t)},
               {"stream", true},
               {"max_tokens", t.max_tokens}};
  return body.dump();
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

bool has_header(const ProbeTarget& t, std::string_view name) {
  return std::any_of(t.headers.begin(), t.headers.end(),
                     [&](const auto& h) { return lower(h.first) == name; });
}

// The environment variable wins so that a rotated key needs no API call.
std::string api_key_of(const ProbeTarget& t) {
  if (!t.api_key_env.empty()) {
    const char* key = std::getenv(t.api_key_env.c_str());
    if (key != nullptr && *key != '\0') return key;
  }
  return t.api_key;
}

void add_auth_and_extra_headers(const ProbeTarget& t, std::vector<std::string>& headers) {
  std::string key = api_key_of(t);
  if (t.provider == "anthropic") {
    if (!key.empty()) headers.push_back("x-api-key: " + key);
    if (!has_header(t, "anthropic-version"))
      headers.push_back(std::string("anthropic-version: ") + kAnthropicVersion);
  } else if (!key.empty()) {
    headers.push_back("Authorization: Bearer " + key);
  }
  for (const auto& [name, value] : t.headers) headers.push_back(name + ": " + value);
}

}  // namespace

std::expected<ProbeRequest, std::string> build_probe_request(const ProbeTarget& target,
                                                             bool openai_include_usage) {
  if (target.base_url.empty()) return std::unexpected("base_url is empty");
  if (target.model.empty() && target.provider != "http") return std::unexpected("model is empty");

  ProbeRequest req;
  req.headers = {"Content-Type: application/json",
                 "Expect:"};  // no 100-continue round trip before the body
  const std::string& p = target.provider;
  if (p == "ollama" || p == "ollama-chat") {
    bool chat = p == "ollama-chat";
    req.url = join_url(target.base_url, chat ? "/api/chat" : "/api/generate");
    req.body = ollama_body(target, chat);
    req.headers.push_back("Accept: application/x-ndjson");
  } else if (p == "openai") {
    req.url = join_url(target.base_url, "/v1/chat/completions");
    req.body = openai_body(target, openai_include_usage);
    req.headers.push_back("Accept: text/event-stream");
  } else if (p == "anthropic") {
    req.url = join_url(target.base_url, "/v1/messages");
    req.body = anthropic_body(target);
    req.headers.push_back("Accept: text/event-stream");
  } else if (p == "http") {
    req.method = target.http_method.empty() ? "GET" : target.http_method;
    req.url = target.base_url;
    req.headers = {"Expect:"};
  } else {
    return std::unexpected("unknown provider \"" + p +
                           "\" (expected ollama, ollama-chat, openai, anthropic or http)");
  }
  add_auth_and_extra_headers(target, req.headers);
  return req;
}

}  // namespace llmscope::probe
