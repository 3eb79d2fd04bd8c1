#pragma once

#include <span>
#include <string_view>

namespace llmscope::server {

// One file of the built dashboard, embedded in the binary.
struct WebAsset {
  std::string_view path;     // URL path, starting with '/', e.g. "/index.html"
  std::string_view content;  // the file's bytes; lives as long as the program
};

// The embedded dashboard (web/dist at build time); empty when the dashboard
// was not built before the binary. Defined by the generated web_assets.cpp.
std::span<const WebAsset> web_assets();

}  // namespace llmscope::server
