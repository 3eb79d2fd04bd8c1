#pragma once

#include <expected>
#include <string>
#include <vector>

#include "core/target.hpp"

namespace llmscope::probe {

// The HTTP request a probe sends, before it meets libcurl.
struct ProbeRequest {
  std::string method = "POST";
  std::string url;
  std::string body;                  // JSON; empty for a plain HTTP check
  std::vector<std::string> headers;  // "Name: value" lines
};

// The Anthropic API version sent unless the target's headers name one.
inline constexpr const char* kAnthropicVersion = "2023-06-01";

// Builds the streaming request for target.provider (see run_probe for the
// endpoints and bodies). The key is target.api_key_env's variable when it
// is set and not empty, else target.api_key; it goes in "x-api-key" for
// anthropic and "Authorization: Bearer" otherwise. `openai_include_usage`
// adds stream_options.include_usage to an openai request (off for servers
// that reject it). Fails with a message for an unknown provider or an
// empty base_url or model.
std::expected<ProbeRequest, std::string> build_probe_request(const ProbeTarget& target,
                                                             bool openai_include_usage = true);

}  // namespace llmscope::probe
