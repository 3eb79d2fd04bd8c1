#pragma once

#include <httplib.h>

#include <cstddef>
#include <string>

namespace llmscope::server {

// How the HTTP server defends itself; the defaults are the service's.
struct HttpLimits {
  // Worker threads. cpp-httplib serves a connection on one thread for its
  // whole life, so slow or idle clients hold threads: 64 keeps the API
  // answering while dozens of connections dawdle (and live streams stay
  // open). It is a mitigation, not a cure: see docs/TROUBLESHOOTING.md.
  std::size_t threads = 64;
  int read_timeout_s = 5;        // per read of a request; then the connection closes
  int keep_alive_timeout_s = 5;  // idle time between requests on one connection
  std::size_t max_body_bytes = 16 * 1024 * 1024;
};

// Applies the limits, listens without SO_REUSEPORT (so a second server on a
// taken port fails instead of sharing it), and adds security headers to
// every answer, `content_security_policy` among them. After a request with
// a large body it hands the freed heap back (release_memory_after).
void configure_http_server(httplib::Server& http, const HttpLimits& limits,
                           const std::string& content_security_policy);

// Checks a request before routing. Returns true when it answered already:
// 401 / 403 for an /api route without the right key (the scheme "Bearer" is
// matched case-insensitively), 411 for a chunked /api body (its size could
// not be limited before reading it).
bool reject_request(const httplib::Request& req, httplib::Response& res,
                    const std::string& api_key);

// Rewrites what cpp-httplib reads of a request before routing (the request
// is the library's own mutable object, handed to the pre-routing handler
// as const):
// - Accept-Encoding becomes exactly "gzip" or "identity", as accepts_gzip()
//   decides. The Debian build (0.11) compresses with Brotli at its slowest
//   quality whenever a client accepts "br", as every browser does: 0.7 s
//   for a 600 KB chart answer, against 15 ms for gzip; and it takes any
//   mention of "gzip", even "gzip;q=0", as consent.
// - /api requests lose their Range: the library would cut the (compressed)
//   answer and still say 200.
// - Other requests with a Range (the dashboard's files) are answered
//   uncompressed: the library would compress the cut part alone.
void normalize_request(const httplib::Request& req);

// The JSON body for an error the HTTP layer raised by itself.
void describe_http_error(const httplib::Request& req, httplib::Response& res,
                         const HttpLimits& limits);

// A copy of user-supplied text safe for one log line: control characters
// become \xNN, and it is cut at `max` bytes.
std::string log_safe(const std::string& text, std::size_t max = 200);

}  // namespace llmscope::server
