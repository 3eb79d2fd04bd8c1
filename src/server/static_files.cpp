// The embedded dashboard. Paths that name no file get index.html, so the
// dashboard's own routes survive a reload.
#include <zlib.h>

#include <algorithm>
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

// The part of a file of `size` bytes a request's Range asks for. One range
// is served. Several (a few hundred overlapping ones would make the answer
// many times the file, built in memory by the library) and an If-Range (no
// ETag or date of ours can match it) get the whole file, as RFC 9110 lets
// a server do.
struct RangeAsked {
  bool whole = true;         // the Range is ignored
  bool satisfiable = false;  // else 416
  std::size_t first = 0;
  std::size_t length = 0;
};

RangeAsked range_asked(const httplib::Request& req, std::size_t size) {
  RangeAsked out;
  if (req.ranges.size() != 1 || req.has_header("If-Range")) return out;
  out.whole = false;
  // The library's reading of "bytes=a-b": -1 for a missing end.
  const auto [a, b] = req.ranges.front();
  if (a < 0) {  // "-b": the last b bytes
    if (b <= 0 || size == 0) return out;
    out.length = std::min(static_cast<std::size_t>(b), size);
    out.first = size - out.length;
  } else {
    const auto first = static_cast<std::size_t>(a);
    if (first >= size || (b >= 0 && b < a)) return out;
    const std::size_t last = b < 0 ? size - 1 : std::min(static_cast<std::size_t>(b), size - 1);
    out.first = first;
    out.length = last - first + 1;
  }
  out.satisfiable = true;
  return out;
}

// Sends `body` as it is, through a sized content provider: the library
// compresses only bodies it holds itself, and checks no range here.
void send_bytes(httplib::Response& res, std::string_view body, std::string_view type) {
  res.set_content_provider(body.size(), std::string(type),
                           [body](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
                             return offset <= body.size() && length <= body.size() - offset &&
                                    sink.write(body.data() + offset, length);
                           });
}

// Sends `file`: gzipped when it was compressed and the client takes gzip,
// else as it is (a file too small to be worth compressing too). A request
// with a Range never takes gzip (normalize_request); its range is answered
// here, not by cpp-httplib 0.11, which neither limits the number of ranges
// nor checks one against a provider's length.
void send_file(const httplib::Request& req, httplib::Response& res, const ServedFile& file) {
  if (!req.ranges.empty()) {
    const RangeAsked range = range_asked(req, file.content.size());
    const_cast<httplib::Request&>(req).ranges.clear();  // answered here
    const std::string size = std::to_string(file.content.size());
    if (!range.whole && !range.satisfiable) {
      send_error(res, 416, "byte range outside the file's " + size + " bytes");
      res.set_header("Content-Range", "bytes */" + size);
      return;
    }
    if (!range.whole) {
      res.status = 206;
      res.set_header("Content-Range", "bytes " + std::to_string(range.first) + "-" +
                                          std::to_string(range.first + range.length - 1) + "/" +
                                          size);
      return send_bytes(res, file.content.substr(range.first, range.length), file.type);
    }
  }
  const bool packed = !file.gzipped.empty() && accepts_gzip(req);
  if (packed) res.set_header("Content-Encoding", "gzip");
  send_bytes(res, packed ? std::string_view(file.gzipped) : file.content, file.type);
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
