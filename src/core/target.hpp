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
  std::string provider;      // "ollama" | "openai"
  std::string base_url;      // e.g. "http://localhost:11434"
  std::string model;         // e.g. "llama3.2:1b"
  std::string prompt = "Reply with one short sentence about the sea.";
  int max_tokens = 32;
  double interval_s = 2.0;   // fixed-rate schedule period
  double timeout_s = 30.0;   // whole request, connect included
  bool enabled = true;
  std::string api_key_env;   // name of an environment variable holding a key
  std::map<std::string, std::string> headers;  // extra request headers
};

}  // namespace llmscope
