#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"

namespace llmscope::alert {

// A mail to format: UTF-8 text anywhere; header fields are encoded so that
// nothing in them can break the header (no CR or LF reaches it raw).
struct MailParts {
  std::string from;  // address only: "alerts@example.com"
  std::string from_name = "LLMscope";
  std::vector<std::string> to;  // addresses
  std::string subject;          // UTF-8, any length (cut to 200 chars)
  std::string text;             // text/plain body, UTF-8
  std::string html;             // text/html alternative, UTF-8
  std::string message_id;       // without angle brackets: "x@host"
  EpochMs date_ms = 0;
};

// The complete RFC 5322 message: Date, From, To, Subject, Message-ID,
// MIME-Version and a multipart/alternative body with both parts in
// base64, lines ending in CRLF.
std::string format_mail(const MailParts& mail);

// A header value as RFC 2047 encoded-words ("=?UTF-8?B?...?=", each at
// most 75 characters, folded onto continuation lines) unless it is short
// printable ASCII, which is returned as is.
std::string encode_header_text(std::string_view utf8);

// RFC 5322 date: "Fri, 04 Dec 2026 15:00:00 +0000".
std::string rfc5322_date(EpochMs t);

// Base64 of `data` (RFC 4648, with padding); lines of `line_length`
// characters separated by CRLF when line_length > 0.
std::string base64(std::string_view data, std::size_t line_length = 0);

}  // namespace llmscope::alert
