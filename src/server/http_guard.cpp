#include "server/http_guard.hpp"

#include <openssl/crypto.h>
#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <iterator>

#include "server/http_util.hpp"

namespace llmscope::server {
namespace {

// Compares in constant time, so the key cannot be guessed byte by byte
// from response times.
bool same_key(const std::string& given, const std::string& key) {
  return given.size() == key.size() && CRYPTO_memcmp(given.data(), key.data(), key.size()) == 0;
}

bool starts_with_nocase(std::string_view text, std::string_view prefix) {
  return same_nocase(text.substr(0, prefix.size()), prefix);
}

bool is_api_path(const std::string& path) { return starts_with_nocase(path, "/api/"); }

}  // namespace

void configure_http_server(httplib::Server& http, const HttpLimits& limits,
                           const std::string& content_security_policy) {
  std::size_t threads = limits.threads;
  http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  http.set_read_timeout(limits.read_timeout_s, 0);
  http.set_write_timeout(limits.read_timeout_s, 0);
  http.set_keep_alive_timeout(limits.keep_alive_timeout_s);
  http.set_payload_max_length(limits.max_body_bytes);
  http.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  http.set_post_routing_handler(
      [content_security_policy](const httplib::Request& req, httplib::Response& res) {
        // The handler is done with the body: what it parsed is freed.
        release_memory_after(req.body.size());
        // Answers may be gzipped for one client and not another: caches must
        // keep them apart.
        if (!res.has_header("Vary")) res.set_header("Vary", "Accept-Encoding");
        res.set_header("X-Content-Type-Options", "nosniff");
        res.set_header("X-Frame-Options", "DENY");
        res.set_header("Referrer-Policy", "no-referrer");
        res.set_header("Content-Security-Policy", content_security_policy);
      });
}

void normalize_request(const httplib::Request& req) {
  auto& mutable_req = const_cast<httplib::Request&>(req);
  // The library looks for the substrings "br" and "gzip", nothing finer:
  // it is told exactly what accepts_gzip() decided.
  // A byte range is of the file itself (static_files.cpp).
  const bool gzip = accepts_gzip(req) && (req.ranges.empty() || is_api_path(req.path));
  for (auto& [name, value] : mutable_req.headers)
    if (same_nocase(name, "Accept-Encoding")) value = gzip ? "gzip" : "identity";
  // Byte ranges of an API answer (compressed, or made afresh each time)
  // mean nothing; the library would cut the body and still answer 200.
  if (is_api_path(req.path)) {
    mutable_req.ranges.clear();
    for (auto it = mutable_req.headers.begin(); it != mutable_req.headers.end();)
      it = same_nocase(it->first, "Range") ? mutable_req.headers.erase(it) : std::next(it);
  }
}

bool reject_request(const httplib::Request& req, httplib::Response& res,
                    const std::string& api_key) {
  if (!is_api_path(req.path)) return false;
  std::string auth = req.get_header_value("Authorization");
  if (auth.empty()) {
    res.set_header("WWW-Authenticate", "Bearer");
    send_error(res, 401, "missing API key: send 'Authorization: Bearer <key>'");
    return true;
  }
  if (!starts_with_nocase(auth, "Bearer ") || !same_key(auth.substr(7), api_key)) {
    send_error(res, 403, "wrong API key");
    return true;
  }
  if (starts_with_nocase(req.get_header_value("Transfer-Encoding"), "chunked")) {
    send_error(res, 411, "chunked request bodies are not accepted: send Content-Length");
    return true;
  }
  return false;
}

void describe_http_error(const httplib::Request& req, httplib::Response& res,
                         const HttpLimits& limits) {
  if (!res.body.empty()) return;
  static const char* kMethods[] = {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS"};
  bool known =
      std::find(std::begin(kMethods), std::end(kMethods), req.method) != std::end(kMethods);
  if (res.status == 414) {
    send_error(res, 414,
               "request line longer than " + std::to_string(CPPHTTPLIB_REQUEST_URI_MAX_LENGTH) +
                   " bytes: shorten the URL");
  } else if (!req.method.empty() && !known) {
    send_error(res, 405, "method " + log_safe(req.method, 20) + " is not supported");
  } else if (res.status == 404) {
    send_error(res, 404, "no route " + req.method + " " + log_safe(req.path));
  } else if (res.status == 413) {
    send_error(res, 413,
               "request body larger than " + std::to_string(limits.max_body_bytes) + " bytes");
  } else if (res.status == 400 && (req.method == "POST" || req.method == "PUT") &&
             !req.has_header("Content-Length")) {
    send_error(res, 411,
               "request body without a length: send Content-Length "
               "(0 for an empty body)");
  } else if (res.status == 400 || req.method.empty()) {
    // The request line or a header could not be read: nothing was routed.
    send_error(res, 400, "malformed request: the request line or a header could not be read");
  } else {
    send_error(res, res.status, "bad request (HTTP " + std::to_string(res.status) + ")");
  }
}

std::string log_safe(const std::string& text, std::size_t max) {
  std::string out;
  for (unsigned char c : text.substr(0, max)) {
    if (c < 0x20 || c == 0x7f) {
      static const char* hex = "0123456789abcdef";
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  if (text.size() > max) out += "...";
  return out;
}

}  // namespace llmscope::server
