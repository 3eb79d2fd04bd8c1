#pragma once

#include <expected>
#include <string>
#include <vector>

#include "core/target.hpp"

namespace llmscope::probe {

// The HTTP request a probe sends, before it meets libcurl.
struct ProbeRequest {
  std::string url;
  std::string body;                  // JSON
  std::vector<std::string> headers;  // "Name: value" lines
};

// Builds the streaming request for target.provider (see run_probe for the
// endpoints and bodies). Reads the environment variable target.api_key_env
// when it is set. Fails with a message for an unknown provider or an empty
// base_url or model.
std::expected<ProbeRequest, std::string> build_probe_request(const ProbeTarget& target);

}  // namespace llmscope::probe
