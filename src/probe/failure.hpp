#pragma once

#include <string>
#include <string_view>

#include "core/sample.hpp"

namespace llmscope::probe {

// The kind of an HTTP status: none for 2xx; 429 -> http_429; 529 (the
// "overloaded" status of Anthropic and others) -> overloaded; other 4xx ->
// http_4xx; other 5xx -> http_5xx; anything else (1xx, 3xx: redirects are
// not followed) -> other.
ErrorKind kind_for_http_status(int status);

// How far a failed transfer got, to tell the phase a timeout or a cut hit.
struct TransferProgress {
  bool connected = false;   // TCP (and TLS, for https) established
  bool got_status = false;  // response headers arrived
  bool got_text = false;    // at least one text event
};

// The kind of a libcurl error (a CURLcode value): resolve failures -> dns,
// refused or unreachable -> connect, TLS and certificate errors -> tls,
// timeouts -> timeout_connect / timeout_first_token / timeout_total by
// progress, a body cut after the headers -> truncated, else other.
ErrorKind kind_for_curl_error(int curl_code, const TransferProgress& progress);

// A short message for an HTTP error response: "HTTP 429: <message>" with
// the message taken from the JSON body ({"error":{"message"}}, {"error":
// "..."}; OpenRouter's error.metadata.raw appended) or the first line of a
// non-JSON body, cut to about 200 chars.
std::string http_error_message(int status, std::string_view body);

}  // namespace llmscope::probe
