#pragma once

#include <span>
#include <string>
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

// The Content-Security-Policy sent with every answer. Scripts come from
// this server only, plus the one inline script of index.html (the preload
// script, web/src/preload) whose SHA-256 the web build writes into
// <meta name="llmscope-script-hash" content="sha256-...">. Without that
// meta (or with a malformed one) no inline script is allowed.
std::string content_security_policy(std::span<const WebAsset> assets);

}  // namespace llmscope::server
