// The embedded dashboard. Paths that name no file get index.html, so the
// dashboard's own routes survive a reload.
#include <zlib.h>

#include <cctype>
#include <memory>
#include <string_view>
#include <vector>

#include "server/app.hpp"
#include "server/http_util.hpp"

namespace llmscope::server {
namespace {

std::string_view mime_type(std::string_view path) {
  auto ends = [&](std::string_view ext) {
    return path.size() >= ext.size() && path.substr(path.size() - ext.size()) == ext;
  };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".js")) return "text/javascript; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".png")) return "image/png";
  if (ends(".ico")) return "image/x-icon";
  if (ends(".json")) return "application/json";
  if (ends(".woff2")) return "font/woff2";
  return "application/octet-stream";
}

constexpr std::string_view kNoDashboard =
    "<!doctype html><title>LLMscope</title><body style=\"font-family:sans-serif\">"
    "<h1>LLMscope</h1><p>The API is running, but this binary was built without "
    "the dashboard. Build it with <code>make build</code> (which runs "
    "<code>npm run build</code> in <code>web/</code> first).</p></body>";

constexpr std::string_view kHashMeta = "<meta name=\"llmscope-script-hash\" content=\"";

// "sha256-" and the 44 base64 characters of a SHA-256, else "".
std::string_view script_hash(std::string_view index_html) {
  auto at = index_html.find(kHashMeta);
  if (at == std::string_view::npos) return {};
  std::string_view rest = index_html.substr(at + kHashMeta.size());
  std::string_view value = rest.substr(0, rest.find('"'));
  constexpr std::string_view kPrefix = "sha256-";
  if (value.size() != kPrefix.size() + 44 || !value.starts_with(kPrefix)) return {};
  for (char c : value.substr(kPrefix.size()))
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '/' && c != '=') return {};
  return value;
}

}  // namespace

std::string content_security_policy(std::span<const WebAsset> assets) {
  std::string script_src = "script-src 'self'";
  for (const WebAsset& a : assets)
    if (a.path == "/index.html")
      if (auto hash = script_hash(a.content); !hash.empty())
        script_src += " '" + std::string(hash) + "'";
  return "default-src 'self'; " + script_src +
         "; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'";
}

namespace {

// A dashboard file as served: its bytes, and the same gzipped once when the
// server starts. Left to the HTTP library, every request for the 260 KB
// bundle would be compressed afresh, on a core the chart's answer needs
// while the page loads.
struct ServedFile {
  std::string_view path;
  std::string_view content;
  std::string_view type;
  std::string gzipped;  // empty when compression does not pay
};

std::vector<ServedFile> prepare_files(std::span<const WebAsset> assets) {
  constexpr std::size_t kWorthCompressing = 1024;
  std::vector<ServedFile> out;
  out.reserve(assets.size());
  for (const WebAsset& a : assets) {
    ServedFile f{a.path, a.content, mime_type(a.path), {}};
    const bool compressible =
        f.type.starts_with("text/") || f.type == "image/svg+xml" || f.type == "application/json";
    if (compressible && a.content.size() >= kWorthCompressing)
      if (auto packed = gzipped(a.content, Z_BEST_COMPRESSION);
          packed && packed->size() < a.content.size())
        f.gzipped = std::move(*packed);
    out.push_back(std::move(f));
  }
  return out;
}

// Sends `file`, gzipped when it was compressed and the client takes gzip,
// through a sized content provider: the library sends that as it is (it
// compresses only bodies it holds itself), so a file too small to be worth
// compressing goes uncompressed. Byte ranges are left to the library, which
// checks them against a body it holds (it does not for a provider); such a
// request never takes gzip (normalize_request).
void send_file(const httplib::Request& req, httplib::Response& res, const ServedFile& file) {
  if (!req.ranges.empty())
    return res.set_content(std::string(file.content), std::string(file.type));
  const bool packed = !file.gzipped.empty() && accepts_gzip(req);
  if (packed) res.set_header("Content-Encoding", "gzip");
  std::string_view body = packed ? std::string_view(file.gzipped) : file.content;
  res.set_content_provider(body.size(), std::string(file.type),
                           [body](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
                             return offset <= body.size() && length <= body.size() - offset &&
                                    sink.write(body.data() + offset, length);
                           });
}

}  // namespace

void install_static_routes(httplib::Server& http, std::span<const WebAsset> assets) {
  auto files = std::make_shared<const std::vector<ServedFile>>(prepare_files(assets));
  const ServedFile* index = nullptr;
  for (const ServedFile& f : *files)
    if (f.path == "/index.html") index = &f;
  http.Get(R"(/(?!api/).*)", [files, index](const httplib::Request& req, httplib::Response& res) {
    // "/api", "/API/stats": API-looking paths never get the dashboard.
    std::string head = req.path.substr(0, 4);
    for (char& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (head == "/api") return send_error(res, 404, "no route GET " + req.path);
    for (const ServedFile& f : *files) {
      if (f.path == req.path) {
        bool hashed = f.path.rfind("/assets/", 0) == 0;  // names carry a hash
        // Unhashed files (index.html) may change with the binary: revalidate.
        res.set_header("Cache-Control",
                       hashed ? "public, max-age=31536000, immutable" : "no-cache");
        return send_file(req, res, f);
      }
    }
    if (req.path.rfind("/assets/", 0) == 0 || req.path == "/favicon.ico")
      return send_error(res, 404, "no file " + req.path);
    res.set_header("Cache-Control", "no-cache");
    if (index) return send_file(req, res, *index);
    res.set_content(std::string(kNoDashboard), "text/html; charset=utf-8");
  });
}

}  // namespace llmscope::server
