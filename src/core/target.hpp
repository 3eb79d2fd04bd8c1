#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace llmscope {

// A monitored endpoint that LLMscope probes on a schedule ("a model" in the
// API and dashboard). Defaults are the service's defaults (see
// config/defaults.hpp for the reasons).
struct ProbeTarget {
  std::int64_t id = 0;       // assigned by the store; 0 = not stored yet
  std::string name;          // unique, shown in the dashboard
  // "ollama" (/api/generate), "ollama-chat" (/api/chat), "openai"
  // (/v1/chat/completions), "anthropic" (/v1/messages) or "http" (a plain
  // request to base_url itself, see http_method and expect_*).
  std::string provider;
  std::string base_url;      // e.g. "http://localhost:11434"
  std::string model;         // e.g. "llama3.2:1b"
  std::string prompt = "Reply with one short sentence about the sea.";
  int max_tokens = 32;
  double interval_s = 2.0;   // fixed-rate schedule period
  double timeout_s = 30.0;   // whole request, connect included
  bool enabled = true;
  std::string api_key_env;   // name of an environment variable holding a key
  std::map<std::string, std::string> headers;  // extra request headers

  // A stored key, used when api_key_env is empty or unset. A secret: the
  // API never returns it (only whether there is one) and nothing logs it.
  std::string api_key;

  // Phase limits in seconds; 0 = the default: connect min(10 s, timeout_s),
  // first token none (timeout_s bounds it).
  double connect_timeout_s = 0;
  double first_token_timeout_s = 0;

  // PEM file of the certificate authorities to trust for https instead of
  // the system's (a private CA, a self-signed server). Empty: the system's.
  std::string ca_file;

  // Provider "http" only: the method, the status that counts as success,
  // and a text the body must contain (empty: any body).
  std::string http_method = "GET";
  int expect_status = 200;
  std::string expect_body;
};

// The provider names run_probe knows.
inline constexpr const char* kProviders[] = {"ollama", "ollama-chat", "openai", "anthropic",
                                             "http"};

inline bool known_provider(const std::string& name) {
  for (const char* p : kProviders)
    if (name == p) return true;
  return false;
}

}  // namespace llmscope
